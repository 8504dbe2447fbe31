package dev.sluice.server.fakes;

import dev.sluice.server.secrets.SecretRepository;
import dev.sluice.server.secrets.SecretStore;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Wrapped keys in memory. */
public final class InMemorySecretRepository implements SecretRepository {
  private final Map<String, SecretStore.KeyInfo> infos = new TreeMap<>();
  private final Map<String, WrappedKey> keys = new TreeMap<>();

  @Override
  public synchronized void insert(
      String name, String algorithm, String wrapped, String author, OffsetDateTime at) {
    infos.put(name, new SecretStore.KeyInfo(name, algorithm, author, at));
    keys.put(name, new WrappedKey(algorithm, wrapped));
  }

  @Override
  public synchronized List<SecretStore.KeyInfo> list() {
    return List.copyOf(infos.values());
  }

  @Override
  public synchronized boolean exists(String name) {
    return keys.containsKey(name);
  }

  @Override
  public synchronized boolean delete(String name) {
    infos.remove(name);
    return keys.remove(name) != null;
  }

  @Override
  public synchronized Optional<WrappedKey> find(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** What is stored for a key: never its material in the clear. */
  public synchronized String wrapped(String name) {
    return keys.get(name).wrapped();
  }
}
