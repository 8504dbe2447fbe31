package dev.sluice.server.secrets;

/** What a stored secret is. */
public enum SecretKind {
  /** Key material for ENCRYPT/DECRYPT, fetched by a job's functions. */
  KEY,
  /** A credential that scripts reference as {@code ${secret:name}}, resolved at submit. */
  VALUE
}
