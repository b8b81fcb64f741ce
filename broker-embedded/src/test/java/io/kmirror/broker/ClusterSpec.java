package io.kmirror.broker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a cluster parameter injected by {@link KafkaClusterExtension} should look like. Without it,
 * a parameter gets a one-broker PLAINTEXT cluster with default settings.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ClusterSpec {

  /** Cluster name for logs; default "A", "B", ... by the parameter's place among clusters. */
  String name() default "";

  /** 1 to 3; the container cluster has exactly one. */
  int brokers() default 1;

  /** Broker settings as {@code key=value}, e.g. {@code "auto.create.topics.enable=false"}. */
  String[] brokerConfig() default {};

  /** With {@link #scramPassword()}: a SASL_PLAINTEXT/SCRAM client listener for this user. */
  String scramUser() default "";

  String scramPassword() default "";
}
