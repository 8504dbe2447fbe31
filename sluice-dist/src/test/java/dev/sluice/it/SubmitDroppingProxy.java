package dev.sluice.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a JobManager's REST port that passes everything through,
 * except that it swallows the cluster's answer to the first {@code dropped} job submissions ({@code
 * POST /v1/jobs}): the request reaches the cluster whole, and the connection is closed without a
 * byte of the answer, as when a network breaks after a request was sent.
 */
final class SubmitDroppingProxy implements AutoCloseable {
  private final int upstreamPort;
  private final ServerSocket server;
  private final AtomicInteger toDrop;
  private final List<Integer> submitAnswers = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  SubmitDroppingProxy(int upstreamPort, int dropped) throws IOException {
    this.upstreamPort = upstreamPort;
    this.toDrop = new AtomicInteger(dropped);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "submit-dropping-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The HTTP status the cluster answered each submission with, dropped or not, in order. */
  synchronized List<Integer> submitAnswers() {
    return List.copyOf(submitAnswers);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "submit-dropping-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client;
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      track(client, upstream);
      InputStream in = client.getInputStream();
      byte[] head = readRequestLine(in);
      String requestLine = new String(head, StandardCharsets.ISO_8859_1);
      boolean submit =
          requestLine.startsWith("POST /v1/jobs ") || requestLine.startsWith("POST /jobs ");
      upstream.getOutputStream().write(head);
      Thread up = new Thread(() -> pump(in, outputOf(upstream)), "submit-dropping-proxy-up");
      up.setDaemon(true);
      up.start();
      InputStream answer = upstream.getInputStream();
      if (submit && toDrop.getAndDecrement() > 0) {
        // Wait for the cluster's whole status line (it comes only once the request was handled),
        // note it, and hang up on the client without passing anything on.
        recordAnswer(readStatusLine(answer));
        return;
      }
      if (submit) {
        byte[] status = readStatusLine(answer);
        recordAnswer(status);
        client.getOutputStream().write(status);
      }
      pump(answer, client.getOutputStream());
    } catch (IOException e) {
      // a side hung up: the connection is over
    }
  }

  private synchronized void track(Socket... s) {
    sockets.addAll(List.of(s));
  }

  private synchronized void recordAnswer(byte[] statusLine) {
    String line = new String(statusLine, StandardCharsets.ISO_8859_1);
    String[] parts = line.split(" ");
    submitAnswers.add(parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1);
  }

  private static OutputStream outputOf(Socket s) {
    try {
      return s.getOutputStream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes up to and including the first line feed. */
  private static byte[] readRequestLine(InputStream in) throws IOException {
    return readLine(in);
  }

  private static byte[] readStatusLine(InputStream in) throws IOException {
    return readLine(in);
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.toByteArray();
  }

  private static void pump(InputStream in, OutputStream out) {
    byte[] buffer = new byte[64 * 1024];
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // a side hung up
    }
  }

  @Override
  public synchronized void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
