package dev.sluice.engine.flink.lineage;

import dev.sluice.engine.api.lineage.Dataset;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;

/**
 * Names a table by where its data lives (OpenLineage's dataset naming), so that lineage of
 * different jobs meets at the same topic, table or path whatever each script calls it.
 */
final class Datasets {
  /** Connectors whose data exists only inside the job that declares them. */
  private static final Set<String> JOB_LOCAL = Set.of("datagen", "print", "blackhole");

  private static final Pattern JDBC_URL =
      Pattern.compile("jdbc:([a-z0-9]+)://([^/?;]+)(?:/([^?;]*))?.*", Pattern.CASE_INSENSITIVE);

  private Datasets() {}

  /**
   * The dataset of a table.
   *
   * @param catalogs options of the catalogs the script created, by catalog name
   * @param jobName the job, which namespaces tables that live only inside it
   */
  static Dataset of(
      ContextResolvedTable table, Map<String, Map<String, String>> catalogs, String jobName) {
    ObjectIdentifier id = table.getIdentifier();
    Map<String, String> options = table.getResolvedTable().getOptions();
    Map<String, String> catalog =
        table.getCatalog().isPresent()
            ? catalogs.getOrDefault(id.getCatalogName(), Map.of())
            : Map.of();
    String connector = options.get("connector");
    if (connector == null) {
      connector = catalog.getOrDefault("type", "catalog");
    }
    String[] address = address(connector, options, catalog, id, jobName);
    return new Dataset(
        Dataset.id(address[0], address[1]),
        address[0],
        address[1],
        connector,
        id.asSummaryString(),
        fields(table));
  }

  /**
   * Where a table of the given connector and options lives, {@code {namespace, name}}, as {@link
   * #of} names it; for tables that are not in a script's catalog (a sync's sources and sinks).
   *
   * @param name the table's name where the options do not name it
   */
  static String[] address(String connector, Map<String, String> options, String name) {
    return address(
        connector,
        options,
        Map.of(),
        ObjectIdentifier.of("default_catalog", "default_database", name),
        "sync");
  }

  private static String[] address(
      String connector,
      Map<String, String> options,
      Map<String, String> catalog,
      ObjectIdentifier id,
      String jobName) {
    switch (connector) {
      case "kafka", "upsert-kafka" -> {
        String servers = options.getOrDefault("properties.bootstrap.servers", "unknown");
        String topic = options.get("topic");
        if (topic == null && options.containsKey("topic-pattern")) {
          topic = "pattern:" + options.get("topic-pattern");
        }
        return new String[] {
          "kafka://" + servers(servers), topic == null ? id.getObjectName() : topic
        };
      }
      case "jdbc" -> {
        return jdbc(
            options.getOrDefault("url", ""),
            options.getOrDefault("table-name", id.getObjectName()));
      }
      case "mysql-cdc" -> {
        return cdc("mysql", "3306", null, options, id);
      }
      case "oceanbase-cdc" -> {
        return cdc("oceanbase", "2881", null, options, id);
      }
      case "tidb-cdc" -> {
        return cdc("tidb", "3306", null, options, id);
      }
      case "postgres-cdc" -> {
        return cdc("postgres", "5432", "public", options, id);
      }
      case "oracle-cdc" -> {
        return cdc("oracle", "1521", "", options, id);
      }
      case "filesystem" -> {
        return path(options.getOrDefault("path", id.getObjectName()));
      }
      case "paimon", "iceberg", "hive" -> {
        if (options.containsKey("path") && !options.containsKey("warehouse")) {
          return tableAt(connector, options.get("path"));
        }
        String warehouse =
            options.getOrDefault(
                "warehouse", catalog.getOrDefault("warehouse", options.get("path")));
        return new String[] {
          connector + "://" + (warehouse == null ? "unknown" : stripSlash(warehouse)),
          id.getDatabaseName() + "." + id.getObjectName()
        };
      }
      default -> {
        if (JOB_LOCAL.contains(connector)) {
          return new String[] {"sluice://job/" + jobName, id.asSummaryString()};
        }
        return new String[] {
          connector + "://" + id.getCatalogName(), id.getDatabaseName() + "." + id.getObjectName()
        };
      }
    }
  }

  /**
   * A CDC source's table: {@code system://host:port} and {@code database[.schema].table}.
   *
   * @param schema the default schema of systems that have schemas, null for those that do not
   */
  private static String[] cdc(
      String system,
      String defaultPort,
      String schema,
      Map<String, String> options,
      ObjectIdentifier id) {
    String host = lower(options.getOrDefault("hostname", "unknown"));
    String name =
        options.getOrDefault("database-name", "")
            + (schema == null ? "" : "." + options.getOrDefault("schema-name", schema))
            + "."
            + options.getOrDefault("table-name", id.getObjectName());
    return new String[] {
      system + "://" + host + ":" + options.getOrDefault("port", defaultPort), name
    };
  }

  static String[] jdbc(String url, String table) {
    Matcher m = JDBC_URL.matcher(url);
    if (!m.matches()) {
      return new String[] {url.isEmpty() ? "jdbc" : withoutCredentials(url), table};
    }
    String system = m.group(1).toLowerCase(Locale.ROOT);
    String hostPort = lower(withoutUserInfo(m.group(2)));
    String database = m.group(3) == null ? "" : m.group(3);
    switch (system) {
      case "postgresql" -> {
        String qualified = table.contains(".") ? table : "public." + table;
        if (!hostPort.contains(":")) {
          hostPort += ":5432";
        }
        return new String[] {"postgres://" + hostPort, database + "." + qualified};
      }
      case "mysql" -> {
        if (!hostPort.contains(":")) {
          hostPort += ":3306";
        }
        return new String[] {"mysql://" + hostPort, database + "." + table};
      }
      default -> {
        return new String[] {
          system + "://" + hostPort, (database.isEmpty() ? "" : database + ".") + table
        };
      }
    }
  }

  private static String[] path(String path) {
    try {
      URI uri = URI.create(path);
      if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
        String authority =
            uri.getRawAuthority() == null ? "" : withoutUserInfo(uri.getRawAuthority());
        return new String[] {uri.getScheme() + "://" + authority, stripSlash(uri.getPath())};
      }
      return new String[] {"file", stripSlash(uri.getPath() == null ? path : uri.getPath())};
    } catch (IllegalArgumentException e) {
      return new String[] {"file", stripSlash(path)};
    }
  }

  /**
   * A lakehouse table declared by its path rather than through a catalog: named as its catalog
   * names it ({@code <warehouse>/<db>.db/<table>} is {@code db.table} in the warehouse), so that a
   * job writing it by path and one reading it through a catalog meet.
   */
  static String[] tableAt(String connector, String path) {
    String p = stripSlash(path);
    int slash = p.lastIndexOf('/');
    if (slash <= 0) {
      return new String[] {connector + "://unknown", p};
    }
    String table = p.substring(slash + 1);
    String parent = p.substring(0, slash);
    int up = parent.lastIndexOf('/');
    String dir = parent.substring(up + 1);
    if (up > 0 && dir.endsWith(".db") && dir.length() > 3) {
      return new String[] {
        connector + "://" + parent.substring(0, up),
        dir.substring(0, dir.length() - 3) + "." + table
      };
    }
    return new String[] {connector + "://" + parent, table};
  }

  /**
   * An authority without its {@code user:password@}: a dataset's name is shown, stored and
   * exported, and a credential is no part of where data lives.
   */
  static String withoutUserInfo(String authority) {
    int at = authority.lastIndexOf('@');
    return at < 0 ? authority : authority.substring(at + 1);
  }

  /**
   * A URL of unknown form without anything that may be a credential: the user info of its
   * authority, and its parameters ({@code ?password=...}, {@code ;password=...}).
   */
  static String withoutCredentials(String url) {
    String u = url;
    int params = indexOfAny(u, '?', ';');
    if (params >= 0) {
      u = u.substring(0, params);
    }
    int authority = u.indexOf("//");
    if (authority >= 0) {
      int end = u.indexOf('/', authority + 2);
      String host = end < 0 ? u.substring(authority + 2) : u.substring(authority + 2, end);
      u = u.substring(0, authority + 2) + withoutUserInfo(host) + (end < 0 ? "" : u.substring(end));
    } else if (u.indexOf('@') >= 0) {
      // jdbc:oracle:thin:user/password@host:port/service
      u =
          u.substring(0, Math.max(u.lastIndexOf(':', u.indexOf('@')) + 1, 0))
              + u.substring(u.lastIndexOf('@') + 1);
    }
    return u;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** Bootstrap servers in a stable order, so that two scripts listing them differently meet. */
  private static String servers(String servers) {
    String[] list = servers.split(",");
    for (int i = 0; i < list.length; i++) {
      list[i] = lower(list[i].trim());
    }
    Arrays.sort(list);
    return String.join(",", list);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String stripSlash(String s) {
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static List<Dataset.Field> fields(ContextResolvedTable table) {
    List<Dataset.Field> fields = new ArrayList<>();
    for (Column column : table.getResolvedSchema().getColumns()) {
      if (column.isPhysical() || column instanceof Column.MetadataColumn) {
        fields.add(new Dataset.Field(column.getName(), column.getDataType().toString()));
      }
    }
    return fields;
  }
}
