package dev.sluice.server.secrets;

import org.springframework.stereotype.Component;

/**
 * Records no key use: the recorder while the server has no audit log. It writes no log line either,
 * as a log is no audit trail.
 */
@Component
class UnrecordedKeyUses implements KeyUseRecorder {
  @Override
  public void keyUsed(long jobId, String flinkJobId, String keyName) {}
}
