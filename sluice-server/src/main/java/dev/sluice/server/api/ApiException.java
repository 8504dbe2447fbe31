package dev.sluice.server.api;

import dev.sluice.engine.api.Problem;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request that cannot be served, with what was wrong and where; becomes RFC 9457 problem+json.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String title;
  private final List<Problem> errors;
  private final Map<String, Object> properties;

  public ApiException(HttpStatus status, String title, String detail, List<Problem> errors) {
    this(status, title, detail, errors, Map.of());
  }

  /**
   * With extra members of the problem document (for example the restore plan of a refused deploy).
   */
  public ApiException(
      HttpStatus status,
      String title,
      String detail,
      List<Problem> errors,
      Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.properties = Map.copyOf(properties);
  }

  public ApiException(HttpStatus status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " does not exist");
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, "Bad request", detail);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<Problem> errors() {
    return errors;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
