package dev.sluice.server.security;

import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects and their members; owners grant roles in their project, admins everywhere. */
@Service
public class ProjectService {
  private final Projects projects;
  private final Accounts accounts;
  private final Access access;
  private final Audit audit;
  private final Clock clock;

  public ProjectService(
      Projects projects, Accounts accounts, Access access, Audit audit, Clock clock) {
    this.projects = projects;
    this.accounts = accounts;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  public record ProjectSummary(String name, String description, Role role) {}

  public record ProjectView(String name, String description, List<Projects.Member> members) {}

  /** The projects the caller holds a role in, with that role. */
  public List<ProjectSummary> list() {
    return listFor(access.caller());
  }

  public List<ProjectSummary> listFor(Caller caller) {
    return projects.all().stream()
        .filter(p -> caller.roleIn(p.name()).isPresent())
        .map(p -> new ProjectSummary(p.name(), p.description(), caller.roleIn(p.name()).get()))
        .toList();
  }

  public ProjectView get(String name) {
    access.requireProject(name, Role.VIEWER);
    Projects.Project p = existing(name);
    return new ProjectView(p.name(), p.description(), projects.members(name));
  }

  @Transactional
  public ProjectView create(String name, String description) {
    Caller caller = access.requireAdmin();
    if (name == null || !name.matches("[a-z][a-z0-9_-]{0,63}")) {
      throw new InvalidFieldException(
          "name", "1-64 lower-case letters, digits, '_' or '-', starting with a letter");
    }
    if (projects.find(name).isPresent()) {
      throw new ConflictException("A project named '" + name + "' already exists");
    }
    projects.insert(name, description, OffsetDateTime.now(clock));
    audit.record(caller.username(), "project.create", name, "project " + name, null);
    return get(name);
  }

  @Transactional
  public Projects.Member grant(String project, String username, Role role) {
    Caller caller = access.requireProject(project, Role.OWNER);
    existing(project);
    if (accounts.user(username).isEmpty()) {
      throw new NotFoundException("User '" + username + "'");
    }
    projects.setMember(project, username, role);
    audit.record(
        caller.username(), "project.grant", project, "user " + username, "role " + role.json());
    return new Projects.Member(username, role);
  }

  @Transactional
  public void revoke(String project, String username) {
    Caller caller = access.requireProject(project, Role.OWNER);
    if (!projects.removeMember(project, username)) {
      throw new NotFoundException("Member '" + username + "' of project '" + project + "'");
    }
    audit.record(caller.username(), "project.revoke", project, "user " + username, null);
  }

  /** Whether a project exists; things are only ever created in an existing project. */
  public void requireExists(String name) {
    existing(name);
  }

  private Projects.Project existing(String name) {
    return projects.find(name).orElseThrow(() -> new NotFoundException("Project '" + name + "'"));
  }
}
