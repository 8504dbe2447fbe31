package dev.sluice.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

// Users are Sluice's own (security/Accounts): Spring's in-memory user would print a "generated
// security password" at every start that logs nobody in.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class SluiceServerApplication {
  public static void main(String[] args) {
    SpringApplication.run(SluiceServerApplication.class, args);
  }
}
