package dev.sluice.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.fs.local.LocalFileIO;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.FileStoreTableFactory;
import org.apache.paimon.types.DataField;

/** A Paimon table on the local file system, read as a lakehouse reader would, with Paimon's own. */
final class PaimonTables {
  private PaimonTables() {}

  /**
   * The rows of the table's latest snapshot, each as its columns' values joined by spaces, sorted;
   * none while the table has no snapshot.
   */
  static List<String> rows(Path path) throws Exception {
    List<String> rows = new ArrayList<>();
    if (!Files.exists(path.resolve("snapshot"))) {
      return rows;
    }
    FileStoreTable table = table(path);
    List<DataField> fields = table.rowType().getFields();
    List<InternalRow.FieldGetter> getters = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      getters.add(InternalRow.createFieldGetter(fields.get(i).type(), i));
    }
    var read = table.newReadBuilder();
    try (var reader = read.newRead().createReader(read.newScan().plan())) {
      reader.forEachRemaining(
          row -> {
            List<String> values = new ArrayList<>();
            for (InternalRow.FieldGetter getter : getters) {
              values.add(String.valueOf(getter.getFieldOrNull(row)));
            }
            rows.add(String.join(" ", values));
          });
    }
    rows.sort(null);
    return rows;
  }

  /** Each column as {@code name TYPE}, in the order of the table's latest schema. */
  static List<String> columns(Path path) {
    return table(path).rowType().getFields().stream()
        .map(f -> f.name() + " " + f.type().asSQLString())
        .toList();
  }

  static List<String> primaryKey(Path path) {
    return table(path).primaryKeys();
  }

  private static FileStoreTable table(Path path) {
    return FileStoreTableFactory.create(
        LocalFileIO.create(), new org.apache.paimon.fs.Path(path.toString()));
  }
}
