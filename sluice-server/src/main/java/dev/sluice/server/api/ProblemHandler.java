package dev.sluice.server.api;

import dev.sluice.engine.api.ClusterException;
import dev.sluice.engine.api.Problem;
import dev.sluice.engine.api.ScriptException;
import dev.sluice.engine.api.artifacts.UserFunction;
import dev.sluice.engine.api.debug.SampleRowsException;
import dev.sluice.metrics.DefinitionException;
import dev.sluice.server.errors.ConflictException;
import dev.sluice.server.errors.ForbiddenException;
import dev.sluice.server.errors.InvalidFieldException;
import dev.sluice.server.errors.InvalidRequestException;
import dev.sluice.server.errors.NotFoundException;
import dev.sluice.server.errors.TooLargeException;
import dev.sluice.server.jobs.NothingToConfirmException;
import dev.sluice.server.jobs.StateWouldBeDroppedException;
import dev.sluice.server.jobs.SubmitOutcomeUnknownException;
import dev.sluice.server.jobs.UnknownKeyReferenceException;
import dev.sluice.server.security.UnauthenticatedException;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem+json with a machine-readable {@code errors} array. A user's
 * mistake is a 4xx that says what and where; only our own bugs are 500s, and those show no stack
 * trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ResponseEntity<ProblemDetail> response =
        problem(e.status(), e.title(), e.getMessage(), e.errors());
    e.properties().forEach(response.getBody()::setProperty);
    return response;
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), List.of());
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConflictException e) {
    return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), List.of());
  }

  @ExceptionHandler(InvalidFieldException.class)
  ResponseEntity<ProblemDetail> invalidField(InvalidFieldException e) {
    return problemWithErrors(
        HttpStatus.BAD_REQUEST,
        "Bad request",
        e.getMessage(),
        List.of(error("field", e.field(), "message", e.getMessage())));
  }

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), List.of());
  }

  @ExceptionHandler(UnauthenticatedException.class)
  ResponseEntity<ProblemDetail> unauthenticated(UnauthenticatedException e) {
    return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage(), List.of());
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
    return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), List.of());
  }

  @ExceptionHandler(TooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(TooLargeException e) {
    return problem(
        HttpStatus.CONTENT_TOO_LARGE, e.what() + " too large", e.getMessage(), List.of());
  }

  @ExceptionHandler(UnknownKeyReferenceException.class)
  ResponseEntity<ProblemDetail> unknownKey(UnknownKeyReferenceException e) {
    return problem(
        HttpStatus.UNPROCESSABLE_ENTITY, "Unknown key reference", e.getMessage(), List.of());
  }

  @ExceptionHandler(StateWouldBeDroppedException.class)
  ResponseEntity<ProblemDetail> stateWouldBeDropped(StateWouldBeDroppedException e) {
    ResponseEntity<ProblemDetail> response =
        problem(HttpStatus.CONFLICT, "Restore would drop state", e.getMessage(), List.of());
    response.getBody().setProperty("restorePlan", e.plan());
    response.getBody().setProperty("statementsDroppingState", e.statementsDroppingState());
    return response;
  }

  @ExceptionHandler(NothingToConfirmException.class)
  ResponseEntity<ProblemDetail> nothingToConfirm(NothingToConfirmException e) {
    ResponseEntity<ProblemDetail> response =
        problem(HttpStatus.BAD_REQUEST, "Nothing to confirm", e.getMessage(), List.of());
    response.getBody().setProperty("restorePlan", e.plan());
    return response;
  }

  /** Sent, and no answer: not a failure of the job, and not known to be a success either. */
  @ExceptionHandler(SubmitOutcomeUnknownException.class)
  ResponseEntity<ProblemDetail> submitOutcomeUnknown(SubmitOutcomeUnknownException e) {
    ResponseEntity<ProblemDetail> response =
        problem(
            HttpStatus.GATEWAY_TIMEOUT, "Submission outcome unknown", e.getMessage(), List.of());
    response.getBody().setProperty("flinkJobId", e.flinkJobId());
    return response;
  }

  @ExceptionHandler(ScriptException.class)
  ResponseEntity<ProblemDetail> script(ScriptException e) {
    List<Problem> denied =
        e.problems().stream().filter(p -> p.message().startsWith(UserFunction.DENIED)).toList();
    if (!denied.isEmpty()) {
      // Calls of functions the caller may not use: a matter of rights, not of the script's text.
      return problem(
          HttpStatus.FORBIDDEN,
          "Function not granted",
          denied.stream().map(Problem::toString).collect(java.util.stream.Collectors.joining("; ")),
          e.problems());
    }
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid script", e.getMessage(), e.problems());
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      org.springframework.web.multipart.MaxUploadSizeExceededException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String limit = e.getMaxUploadSize() > 0 ? " of " + (e.getMaxUploadSize() >> 20) + " MiB" : "";
    return new ResponseEntity<>(
        body(
            HttpStatus.CONTENT_TOO_LARGE,
            "Upload too large",
            "The upload is over the limit" + limit + " (spring.servlet.multipart.max-file-size)",
            List.of()),
        json(),
        HttpStatus.CONTENT_TOO_LARGE);
  }

  @ExceptionHandler(DefinitionException.class)
  ResponseEntity<ProblemDetail> definition(DefinitionException e) {
    return problemWithErrors(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "Invalid metric group",
        e.getMessage(),
        e.problems().stream().map(p -> error("path", p.path(), "message", p.message())).toList());
  }

  @ExceptionHandler(SampleRowsException.class)
  ResponseEntity<ProblemDetail> sampleRows(SampleRowsException e) {
    return problemWithErrors(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "Sample rows do not fit",
        e.getMessage(),
        e.problems().stream()
            .map(
                p ->
                    error(
                        "table",
                        p.table(),
                        "row",
                        p.row(),
                        "column",
                        p.column(),
                        "message",
                        p.message()))
            .toList());
  }

  /** A problem whose errors are not script positions: each a map of the given keys and values. */
  private static ResponseEntity<ProblemDetail> problemWithErrors(
      HttpStatus status, String title, String detail, Collection<Map<String, Object>> errors) {
    ResponseEntity<ProblemDetail> response = problem(status, title, detail, List.of());
    response.getBody().setProperty("errors", errors);
    return response;
  }

  /** An error entry that keeps null values (a sample row problem may have no column). */
  private static Map<String, Object> error(Object... keysAndValues) {
    Map<String, Object> error = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      error.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return error;
  }

  @ExceptionHandler(ClusterException.class)
  ResponseEntity<ProblemDetail> cluster(ClusterException e) {
    return problem(
        e.unreachable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
        e.unreachable() ? "Cluster unreachable" : "Cluster refused the request",
        e.getMessage(),
        List.of());
  }

  /** A database that refuses or does not answer is a problem of the request's target: 422. */
  @ExceptionHandler(dev.sluice.server.jdbc.JdbcConnectionException.class)
  ResponseEntity<ProblemDetail> database(dev.sluice.server.jdbc.JdbcConnectionException e) {
    return problem(
        HttpStatus.UNPROCESSABLE_ENTITY, "Database connection failed", e.getMessage(), List.of());
  }

  @ExceptionHandler(dev.sluice.integration.source.InvalidSourceException.class)
  ResponseEntity<ProblemDetail> invalidSource(
      dev.sluice.integration.source.InvalidSourceException e) {
    return invalidField(new InvalidFieldException(e.field(), e.getMessage()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
    return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), List.of());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    LOG.error("Unexpected error", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Internal error",
        "Sluice failed unexpectedly; the server log has the details",
        List.of());
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String reason = e.getMostSpecificCause().getMessage();
    String detail =
        reason != null && reason.contains("Invalid UTF-8")
            ? "The request body is not valid UTF-8"
            : "The request body is not valid JSON of the expected shape: "
                + (reason == null ? "" : reason.lines().findFirst().orElse(""));
    return new ResponseEntity<>(
        body(HttpStatus.BAD_REQUEST, "Unreadable request", detail, List.of()),
        json(),
        HttpStatus.BAD_REQUEST);
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String title, String detail, List<Problem> errors) {
    return new ResponseEntity<>(body(status, title, detail, errors), json(), status);
  }

  private static ProblemDetail body(
      HttpStatus status, String title, String detail, List<Problem> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(
        URI.create("https://sluice.dev/problems/" + title.toLowerCase().replace(' ', '-')));
    problem.setProperty(
        "errors",
        errors.stream()
            .map(
                p ->
                    error(
                        "statement", p.statement(),
                        "line", p.line(),
                        "column", p.column(),
                        "message", p.message(),
                        "endLine", p.endLine(),
                        "endColumn", p.endColumn(),
                        "suggestions", p.suggestions()))
            .toList());
    return problem;
  }

  private static HttpHeaders json() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return headers;
  }
}
