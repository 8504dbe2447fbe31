package dev.sluice.server.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * Who may call what. Every {@code /api/v1} endpoint needs a caller except the health check, the
 * login, the OpenAPI document and the two callbacks from the cluster, which carry credentials of
 * their own (a debug run's tap token, a deployment's key credential) that their endpoints check.
 * What a caller may do in a project is checked by {@link Access} where the project is known.
 *
 * <p>Browsers log in to a session (cookie {@code SESSION}-like, HttpOnly, SameSite=Lax) and must
 * send the CSRF token ({@code XSRF-TOKEN} cookie back as the {@code X-XSRF-TOKEN} header) with
 * every change; API tokens are not cookies, so requests with one need no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, AccountService accounts, Audit audit)
      throws Exception {
    http.securityContext(
            c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .csrf(
            csrf ->
                csrf.spa()
                    // CSRF rides on a session cookie: a request with a token or without a
                    // session has none to abuse (and is told to log in, not about CSRF).
                    .ignoringRequestMatchers(
                        request ->
                            request.getHeader("Authorization") != null
                                || request.getSession(false) == null)
                    .ignoringRequestMatchers("/api/v1/auth/login", "/api/v1/debug-runs/*/ingest"))
        .addFilterAfter(new CallerFilter(accounts), SecurityContextHolderFilter.class)
        .addFilterAfter(new TokenLoginFilter(accounts, audit), CallerFilter.class)
        .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.GET, "/api/v1/health", "/api/v1/openapi/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/v1/openapi")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/v1/auth/login")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/v1/secrets/*/material")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/v1/debug-runs/*/ingest")
                    .permitAll()
                    .requestMatchers("/api/**", "/error")
                    .authenticated()
                    .requestMatchers(HttpMethod.GET, "/metrics")
                    .authenticated()
                    .anyRequest()
                    .permitAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) ->
                            Problems.write(
                                response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "Unauthorized",
                                request.getAttribute(CallerFilter.INVALID_TOKEN) != null
                                    ? "The API token is not valid: unknown, expired or revoked"
                                    : "Log in, or send an API token as 'Authorization: Bearer"
                                        + " <token>'"))
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            Problems.write(
                                response,
                                HttpServletResponse.SC_FORBIDDEN,
                                "Forbidden",
                                "The CSRF token is missing or wrong: send the XSRF-TOKEN cookie's"
                                    + " value as the X-XSRF-TOKEN header")));
    return http.build();
  }
}
