package dev.sluice.engine.flink.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatasetsTest {
  @Test
  void aJdbcDatasetNeverCarriesTheCredentialsOfItsUrl() {
    assertThat(Datasets.jdbc("jdbc:postgresql://crm:s3cret@DB.example:6432/sales", "orders"))
        .containsExactly("postgres://db.example:6432", "sales.public.orders");
    assertThat(Datasets.jdbc("jdbc:mysql://root:pw@db/shop?password=pw", "items"))
        .containsExactly("mysql://db:3306", "shop.items");
  }

  @Test
  void aUrlOfUnknownFormLosesItsUserInfoAndParameters() {
    assertThat(Datasets.withoutCredentials("jdbc:oracle:thin:scott/tiger@host:1521/svc"))
        .isEqualTo("jdbc:oracle:thin:host:1521/svc");
    assertThat(Datasets.withoutCredentials("jdbc:sqlserver://host:1433;user=sa;password=pw"))
        .isEqualTo("jdbc:sqlserver://host:1433");
    assertThat(Datasets.withoutCredentials("jdbc:db2://u:p@host:50000/sample"))
        .isEqualTo("jdbc:db2://host:50000/sample");
    assertThat(Datasets.jdbc("jdbc:h2:mem:x;PASSWORD=pw", "t"))
        .containsExactly("jdbc:h2:mem:x", "t");
  }
}
