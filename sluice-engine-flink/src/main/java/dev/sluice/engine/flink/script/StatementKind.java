package dev.sluice.engine.flink.script;

/** What a statement of a job script does, as far as the splitter can tell from its first words. */
public enum StatementKind {
  SET,
  RESET,
  CREATE_TABLE,
  CREATE_VIEW,
  CREATE_FUNCTION,
  CREATE_CATALOG,
  CREATE_DATABASE,
  DROP,
  ALTER,
  USE,
  INSERT,
  BEGIN_STATEMENT_SET,
  END,
  SELECT,
  OTHER;
}
