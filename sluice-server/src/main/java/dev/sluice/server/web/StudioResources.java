package dev.sluice.server.web;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the web studio from {@code static/} on the classpath, on the API's port. The studio is a
 * single-page app: a path that is not a file (a deep link such as {@code /jobs/orders/edit}) gets
 * its {@code index.html}, so that a reload or a shared link opens the same page. Paths under {@code
 * /api/} never fall back: an unknown API path stays a 404 problem.
 */
@Configuration
public class StudioResources implements WebMvcConfigurer {

  static final String INDEX = "static/index.html";

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    // Vite names every asset by its content hash, so a cached copy never goes stale.
    registry
        .addResourceHandler("/assets/**")
        .addResourceLocations("classpath:/static/assets/")
        .setCacheControl(CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable());
    registry
        .addResourceHandler("/**")
        .addResourceLocations("classpath:/static/")
        .setCacheControl(CacheControl.noCache())
        .resourceChain(true)
        .addResolver(new SpaFallback());
  }

  /** A file when there is one; else, for a page path, the studio's index. */
  static final class SpaFallback extends PathResourceResolver {
    @Override
    protected Resource getResource(String path, Resource location) throws IOException {
      Resource file = location.createRelative(path);
      if (file.exists() && file.isReadable() && !path.isEmpty()) {
        return file;
      }
      if (!isPagePath(path)) {
        return null;
      }
      Resource index = new ClassPathResource(INDEX);
      return index.exists() ? index : null;
    }
  }

  /**
   * Whether a path (without its leading slash) names a studio page rather than a file or an API
   * endpoint: everything but the API, the Prometheus endpoint and the built assets. Job names may
   * hold dots ({@code /jobs/metrics.payments}), so the shape of the last segment does not count.
   */
  static boolean isPagePath(String path) {
    return !(path.equals("api")
        || path.startsWith("api/")
        || path.equals("metrics")
        || path.startsWith("assets/"));
  }
}
