package dev.sluice.server.kafka;

/** The platform's broker did not answer in time, or refused the client. */
public class BrokerUnavailableException extends RuntimeException {
  public BrokerUnavailableException(String detail, Throwable cause) {
    super(detail, cause);
  }
}
