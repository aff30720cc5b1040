package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a spec or status the API server stored even where it does not fit these classes (a CRD older or newer than
 * the operator, an API server that enforces no schema): a value of the wrong type or an unknown enum constant is
 * read as null (its schema default applies) and recorded as an {@link Unreadable} field, never thrown. A throw here
 * would fail the informer's watch and JOSDK stops the whole operator for it (docs/design.md, "Stored JSON").
 * Serialization plumbing, not logic: what an unreadable field means is decided by the validator and the reconciler.
 */
public final class TolerantReader {
  private TolerantReader() {}

  /** A field the stored JSON holds but the operator cannot read: its path (e.g. spec.dualRun.onDeadline) and why. */
  public record Unreadable(String path, String problem) {
    @Override
    public String toString() {
      return path + ": " + problem;
    }
  }

  /** The value, and the fields read as null because they did not fit. */
  record Read<T>(T value, List<Unreadable> unreadable) {}

  static <T> Read<T> read(JsonParser p, Class<T> type, String root) throws IOException {
    ObjectMapper mapper = (ObjectMapper) p.getCodec();
    JsonNode tree = p.readValueAsTree();
    List<Unreadable> problems = new ArrayList<>();
    T value = mapper.readerFor(type).withHandler(new Recorder(root, problems)).readValue(tree);
    return new Read<>(value, List.copyOf(problems));
  }

  /** Records each problem at the parser's path and substitutes null for the value. */
  private static final class Recorder extends DeserializationProblemHandler {
    private final String root;
    private final List<Unreadable> problems;

    Recorder(String root, List<Unreadable> problems) {
      this.root = root;
      this.problems = problems;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
        String failureMsg) {
      problems.add(new Unreadable(path(ctxt.getParser()), expected(targetType)));
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
        String failureMsg) {
      problems.add(new Unreadable(path(ctxt.getParser()), expected(targetType)));
      return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
        String failureMsg) throws IOException {
      problems.add(new Unreadable(path(p), expected(targetType.getRawClass())));
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
        ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
      problems.add(new Unreadable(path(p), expected(instClass)));
      p.skipChildren();
      return null;
    }

    private String path(JsonParser p) {
      List<String> names = new ArrayList<>();
      for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
        if (c.inArray()) {
          names.add(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
        } else if (c.getCurrentName() != null) {
          names.add(0, "." + c.getCurrentName());
        }
      }
      return root + String.join("", names);
    }

    /** What the field must be: never the stored value (it may be anything, and status is readable widely). */
    private static String expected(Class<?> type) {
      if (type.isEnum()) {
        return "cannot be read: must be one of " + Arrays.toString(type.getEnumConstants());
      }
      String kind = CharSequence.class.isAssignableFrom(type) ? "a string"
          : Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class ? "a number"
          : type == Boolean.class || type == boolean.class ? "true or false"
          : List.class.isAssignableFrom(type) ? "a list" : "an object";
      return "cannot be read: must be " + kind;
    }
  }

  /** Reads one part of the resource tolerantly; an absent part reads as an empty one. */
  abstract static class PartDeserializer<T extends TolerantlyRead> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final String root;
    private final java.util.function.Supplier<T> empty;

    PartDeserializer(Class<T> type, String root, java.util.function.Supplier<T> empty) {
      this.type = type;
      this.root = root;
      this.empty = empty;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Read<T> read = read(p, type, root);
      T value = read.value() == null ? empty.get() : read.value();
      value.setUnreadable(read.unreadable());
      return value;
    }
  }

  /** The spec of a migration, read tolerantly. */
  public static final class SpecDeserializer extends PartDeserializer<ServiceAccountMigrationSpec> {
    public SpecDeserializer() {
      super(ServiceAccountMigrationSpec.class, "spec", ServiceAccountMigrationSpec::new);
    }
  }

  /** The status of a migration, read tolerantly. */
  public static final class StatusDeserializer extends PartDeserializer<ServiceAccountMigrationStatus> {
    public StatusDeserializer() {
      super(ServiceAccountMigrationStatus.class, "status", ServiceAccountMigrationStatus::new);
    }
  }

  /** The spec of a wave, read tolerantly. */
  public static final class WaveSpecDeserializer extends PartDeserializer<WaveSpec> {
    public WaveSpecDeserializer() {
      super(WaveSpec.class, "spec", WaveSpec::new);
    }
  }

  /** The status of a wave, read tolerantly. */
  public static final class WaveStatusDeserializer extends PartDeserializer<WaveStatus> {
    public WaveStatusDeserializer() {
      super(WaveStatus.class, "status", WaveStatus::new);
    }
  }
}
