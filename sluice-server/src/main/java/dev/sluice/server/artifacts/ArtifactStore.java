package dev.sluice.server.artifacts;

import dev.sluice.engine.api.artifacts.ArtifactScan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Artifacts, their versions, registered functions, grants and job versions' pins, in the store. */
@Repository
public class ArtifactStore {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  public ArtifactStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  // Artifacts and versions

  public Optional<String> projectOf(String artifact) {
    return jdbc.sql("SELECT project FROM artifacts WHERE name = ?")
        .param(artifact)
        .query(String.class)
        .optional();
  }

  public List<String> artifactNames() {
    return jdbc.sql("SELECT name FROM artifacts ORDER BY name").query(String.class).list();
  }

  public void createArtifact(String name, String project) {
    jdbc.sql("INSERT INTO artifacts (name, project, created_at) VALUES (?, ?, ?)")
        .params(name, project, now())
        .update();
  }

  public ArtifactVersion addVersion(
      String artifact,
      String project,
      String sha256,
      long size,
      String fileName,
      String author,
      String comment,
      ArtifactScan scan) {
    int version =
        jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM artifact_versions WHERE artifact = ?")
            .param(artifact)
            .query(Integer.class)
            .single();
    OffsetDateTime now = now();
    jdbc.sql(
            "INSERT INTO artifact_versions (artifact, version, sha256, size_bytes, file_name,"
                + " uploaded_by, uploaded_at, comment, scan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(artifact, version, sha256, size, fileName, author, now, comment, write(scan))
        .update();
    return version(artifact, version).orElseThrow();
  }

  public List<ArtifactVersion> versions(String artifact) {
    return jdbc.sql(
            "SELECT v.*, a.project FROM artifact_versions v JOIN artifacts a ON a.name = v.artifact"
                + " WHERE v.artifact = ? ORDER BY v.version DESC")
        .param(artifact)
        .query(this::version)
        .list();
  }

  public Optional<ArtifactVersion> version(String artifact, int version) {
    return jdbc.sql(
            "SELECT v.*, a.project FROM artifact_versions v JOIN artifacts a ON a.name = v.artifact"
                + " WHERE v.artifact = ? AND v.version = ?")
        .params(artifact, version)
        .query(this::version)
        .optional();
  }

  /** Whether another version (of any artifact) keeps the same bytes. */
  public boolean sharedFile(String sha256, String artifact, int version) {
    return jdbc.sql(
                "SELECT COUNT(*) FROM artifact_versions WHERE sha256 = ?"
                    + " AND NOT (artifact = ? AND version = ?)")
            .params(sha256, artifact, version)
            .query(Integer.class)
            .single()
        > 0;
  }

  public void deleteVersion(String artifact, int version) {
    jdbc.sql("DELETE FROM artifact_versions WHERE artifact = ? AND version = ?")
        .params(artifact, version)
        .update();
    int left =
        jdbc.sql("SELECT COUNT(*) FROM artifact_versions WHERE artifact = ?")
            .param(artifact)
            .query(Integer.class)
            .single();
    if (left == 0) {
      jdbc.sql("DELETE FROM grants WHERE object_kind = 'ARTIFACT' AND object_name = ?")
          .param(artifact)
          .update();
      jdbc.sql("DELETE FROM artifacts WHERE name = ?").param(artifact).update();
    }
  }

  private ArtifactVersion version(ResultSet rs, int row) throws SQLException {
    ArtifactScan scan = read(rs.getString("scan"));
    return new ArtifactVersion(
        rs.getString("artifact"),
        rs.getString("project"),
        rs.getInt("version"),
        rs.getString("sha256"),
        rs.getLong("size_bytes"),
        rs.getString("file_name"),
        rs.getString("uploaded_by"),
        rs.getObject("uploaded_at", OffsetDateTime.class),
        rs.getString("comment"),
        scan.classes(),
        scan.entryClass(),
        scan.mainClasses(),
        scan.functions());
  }

  private String write(ArtifactScan scan) {
    return json.writeValueAsString(scan);
  }

  private ArtifactScan read(String text) {
    return json.readValue(text, ArtifactScan.class);
  }

  // Functions

  public List<RegisteredFunction> functions() {
    return jdbc.sql("SELECT * FROM functions ORDER BY name").query(RegisteredFunction.class).list();
  }

  public List<RegisteredFunction> functions(String project) {
    return jdbc.sql("SELECT * FROM functions WHERE project = ? ORDER BY name")
        .param(project)
        .query(RegisteredFunction.class)
        .list();
  }

  public Optional<RegisteredFunction> function(String name) {
    return jdbc.sql("SELECT * FROM functions WHERE name = ?")
        .param(name)
        .query(RegisteredFunction.class)
        .optional();
  }

  public void insertFunction(RegisteredFunction f) {
    jdbc.sql(
            "INSERT INTO functions (name, project, artifact, artifact_version, class_name, kind,"
                + " registered_by, registered_at, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            f.name(),
            f.project(),
            f.artifact(),
            f.artifactVersion(),
            f.className(),
            f.kind(),
            f.registeredBy(),
            f.registeredAt(),
            f.comment())
        .update();
  }

  public void updateFunction(RegisteredFunction f) {
    jdbc.sql(
            "UPDATE functions SET artifact = ?, artifact_version = ?, class_name = ?, kind = ?,"
                + " registered_by = ?, registered_at = ?, comment = ? WHERE name = ?")
        .params(
            f.artifact(),
            f.artifactVersion(),
            f.className(),
            f.kind(),
            f.registeredBy(),
            f.registeredAt(),
            f.comment(),
            f.name())
        .update();
  }

  public void deleteFunction(String name) {
    jdbc.sql("DELETE FROM grants WHERE object_kind = 'FUNCTION' AND object_name = ?")
        .param(name)
        .update();
    jdbc.sql("DELETE FROM functions WHERE name = ?").param(name).update();
  }

  /** Functions registered from the artifact version. */
  public List<String> functionsOn(String artifact, int version) {
    return jdbc.sql(
            "SELECT name FROM functions WHERE artifact = ? AND artifact_version = ? ORDER BY name")
        .params(artifact, version)
        .query(String.class)
        .list();
  }

  // Pins

  public void pin(long jobId, int version, List<PinnedFunction> pins) {
    for (PinnedFunction p : pins) {
      jdbc.sql(
              "INSERT INTO job_version_functions (job_id, version, name, artifact,"
                  + " artifact_version, class_name) VALUES (?, ?, ?, ?, ?, ?)")
          .params(jobId, version, p.name(), p.artifact(), p.artifactVersion(), p.className())
          .update();
    }
  }

  public List<PinnedFunction> pins(long jobId, int version) {
    return jdbc.sql(
            "SELECT name, artifact, artifact_version, class_name FROM job_version_functions"
                + " WHERE job_id = ? AND version = ? ORDER BY name")
        .params(jobId, version)
        .query(PinnedFunction.class)
        .list();
  }

  /** The jobs (by name) with a version that calls a function of the artifact version. */
  public List<String> jobsUsing(String artifact, int version) {
    return jdbc.sql(
            "SELECT DISTINCT j.name FROM job_version_functions p JOIN jobs j ON j.id = p.job_id"
                + " WHERE p.artifact = ? AND p.artifact_version = ? ORDER BY j.name")
        .params(artifact, version)
        .query(String.class)
        .list();
  }

  // Grants

  public Optional<Grant> grant(
      String objectKind, String objectName, String granteeKind, String grantee) {
    return jdbc.sql(
            "SELECT * FROM grants WHERE object_kind = ? AND object_name = ? AND grantee_kind = ?"
                + " AND grantee = ? AND privilege = 'USE'")
        .params(objectKind, objectName, granteeKind, grantee)
        .query(ArtifactStore::grant)
        .optional();
  }

  public Optional<Grant> grant(long id) {
    return jdbc.sql("SELECT * FROM grants WHERE id = ?")
        .param(id)
        .query(ArtifactStore::grant)
        .optional();
  }

  public Grant addGrant(
      String objectKind, String objectName, String granteeKind, String grantee, String by) {
    jdbc.sql(
            "INSERT INTO grants (object_kind, object_name, grantee_kind, grantee, privilege,"
                + " granted_by, granted_at) VALUES (?, ?, ?, ?, 'USE', ?, ?)")
        .params(objectKind, objectName, granteeKind, grantee, by, now())
        .update();
    return grant(objectKind, objectName, granteeKind, grantee).orElseThrow();
  }

  public void deleteGrant(long id) {
    jdbc.sql("DELETE FROM grants WHERE id = ?").param(id).update();
  }

  /** Grants on the object. */
  public List<Grant> grantsOn(String objectKind, String objectName) {
    return jdbc.sql("SELECT * FROM grants WHERE object_kind = ? AND object_name = ? ORDER BY id")
        .params(objectKind, objectName)
        .query(ArtifactStore::grant)
        .list();
  }

  public List<Grant> grants() {
    return jdbc.sql("SELECT * FROM grants ORDER BY id").query(ArtifactStore::grant).list();
  }

  private static Grant grant(ResultSet rs, int row) throws SQLException {
    String object = rs.getString("object_kind");
    String granteeKind = rs.getString("grantee_kind");
    String grantee = rs.getString("grantee");
    return new Grant(
        rs.getLong("id"),
        object.equals("FUNCTION") ? rs.getString("object_name") : null,
        object.equals("ARTIFACT") ? rs.getString("object_name") : null,
        granteeKind.equals("USER") ? grantee : null,
        granteeKind.equals("ROLE") ? grantee : null,
        granteeKind.equals("PROJECT") ? grantee : null,
        rs.getString("privilege"),
        rs.getString("granted_by"),
        rs.getObject("granted_at", OffsetDateTime.class));
  }
}
