package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Rows printed as aligned columns, a header first; a missing value shows as "-". */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(columns + " cells expected, got " + cells.length);
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = cell(cells[i]);
    }
    rows.add(row);
    return this;
  }

  /** A JSON value as a cell: text as it is, objects and arrays as compact JSON, null as "-". */
  static String cell(Object value) {
    if (value instanceof JsonNode node) {
      if (node.isNull() || node.isMissingNode()) {
        return "-";
      }
      return node.isValueNode() ? node.asText() : node.toString();
    }
    return value == null ? "-" : value.toString();
  }

  @Override
  public String toString() {
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString().stripTrailing();
  }
}
