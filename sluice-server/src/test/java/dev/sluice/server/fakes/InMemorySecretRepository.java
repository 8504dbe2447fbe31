package dev.sluice.server.fakes;

import dev.sluice.server.secrets.SecretKind;
import dev.sluice.server.secrets.SecretRepository;
import dev.sluice.server.secrets.SecretStore;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Wrapped keys and values in memory. */
public final class InMemorySecretRepository implements SecretRepository {
  private final Map<String, SecretStore.KeyInfo> infos = new TreeMap<>();
  private final Map<String, WrappedKey> keys = new TreeMap<>();
  private final Map<String, String> values = new TreeMap<>();

  @Override
  public synchronized void insert(
      String name, String algorithm, String wrapped, String author, OffsetDateTime at) {
    infos.put(
        name, new SecretStore.KeyInfo(name, SecretKind.KEY, algorithm, author, at, null, null));
    keys.put(name, new WrappedKey(algorithm, wrapped));
  }

  @Override
  public synchronized void insertValue(
      String name, String wrapped, String author, OffsetDateTime at) {
    infos.put(name, new SecretStore.KeyInfo(name, SecretKind.VALUE, null, author, at, at, null));
    values.put(name, wrapped);
  }

  @Override
  public synchronized boolean updateValue(String name, String wrapped, OffsetDateTime at) {
    if (!values.containsKey(name)) {
      return false;
    }
    SecretStore.KeyInfo old = infos.get(name);
    infos.put(
        name,
        new SecretStore.KeyInfo(
            name, SecretKind.VALUE, null, old.author(), old.createdAt(), at, old.project()));
    values.put(name, wrapped);
    return true;
  }

  @Override
  public synchronized Optional<String> findValue(String name) {
    return Optional.ofNullable(values.get(name));
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
  public synchronized Optional<SecretKind> kind(String name) {
    return Optional.ofNullable(infos.get(name)).map(SecretStore.KeyInfo::kind);
  }

  @Override
  public synchronized boolean delete(String name) {
    infos.remove(name);
    return keys.remove(name) != null | values.remove(name) != null;
  }

  @Override
  public synchronized Optional<WrappedKey> find(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** What is stored for a key: never its material in the clear. */
  public synchronized String wrapped(String name) {
    return keys.containsKey(name) ? keys.get(name).wrapped() : values.get(name);
  }

  @Override
  public synchronized void setProject(String name, String project) {
    SecretStore.KeyInfo k = infos.get(name);
    infos.put(
        name,
        new SecretStore.KeyInfo(
            k.name(), k.kind(), k.algorithm(), k.author(), k.createdAt(), k.updatedAt(), project));
  }

  @Override
  public synchronized Optional<String> project(String name) {
    return Optional.ofNullable(infos.get(name)).map(SecretStore.KeyInfo::project);
  }

  @Override
  public synchronized Map<String, String> allWrapped() {
    Map<String, String> all = new TreeMap<>(values);
    keys.forEach((name, k) -> all.put(name, k.wrapped()));
    return all;
  }

  @Override
  public synchronized void rewrap(String name, String wrapped) {
    if (values.containsKey(name)) {
      values.put(name, wrapped);
    } else if (keys.containsKey(name)) {
      keys.put(name, new WrappedKey(keys.get(name).algorithm(), wrapped));
    }
  }
}
