package dev.sluice.server.secrets;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Where the secret store keeps its keys, wrapped: never the key material itself. */
public interface SecretRepository {

  /** A stored key: its algorithm and its material wrapped with the master key (base64). */
  record WrappedKey(String algorithm, String wrapped) {}

  void insert(String name, String algorithm, String wrapped, String author, OffsetDateTime at);

  /** Stores a value secret, wrapped with the master key (base64). */
  void insertValue(String name, String wrapped, String author, OffsetDateTime at);

  /** Replaces a value secret's wrapped value; returns whether a value of that name was there. */
  boolean updateValue(String name, String wrapped, OffsetDateTime at);

  /** A value secret's wrapped value. */
  Optional<String> findValue(String name);

  /** Keys and values, by name. */
  List<SecretStore.KeyInfo> list();

  /** Whether a key (not a value) of that name exists. */
  boolean exists(String name);

  /** The kind of the secret of that name, if there is one. */
  Optional<SecretKind> kind(String name);

  /** Returns whether a key of that name was there. */
  boolean delete(String name);

  /** Puts a secret into a project; only jobs of that project may use it. */
  void setProject(String name, String project);

  /** The project a secret belongs to, if the secret exists. */
  Optional<String> project(String name);

  /** Every secret's wrapped material or value, by name. */
  java.util.Map<String, String> allWrapped();

  /** Replaces a secret's wrapped material or value (a master key rotation). */
  void rewrap(String name, String wrapped);

  /** A key (not a value) of that name. */
  Optional<WrappedKey> find(String name);
}
