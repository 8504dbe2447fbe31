package dev.sluice.engine.flink.compile;

import dev.sluice.engine.flink.script.Statement;
import java.util.Collection;
import java.util.List;

/** The names a statement can see, from which a misspelled name's suggestions are taken. */
interface Scope {
  /** Tables and views of the current catalog and database, temporary ones included. */
  Collection<String> tables();

  /**
   * The columns of the tables the statement reads from; of the one named or aliased {@code
   * qualifier} only, when given and known.
   */
  Collection<String> columns(Statement statement, String qualifier);

  /** Every function a call can name. */
  Collection<String> functions();

  /** Identifiers of the table connectors. */
  Collection<String> connectors();

  /** Identifiers of the formats. */
  Collection<String> formats();

  /** A scope without names: problems get no suggestions. */
  Scope NONE =
      new Scope() {
        @Override
        public Collection<String> tables() {
          return List.of();
        }

        @Override
        public Collection<String> columns(Statement statement, String qualifier) {
          return List.of();
        }

        @Override
        public Collection<String> functions() {
          return List.of();
        }

        @Override
        public Collection<String> connectors() {
          return List.of();
        }

        @Override
        public Collection<String> formats() {
          return List.of();
        }
      };
}
