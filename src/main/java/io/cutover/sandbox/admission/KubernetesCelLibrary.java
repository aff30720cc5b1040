package io.cutover.sandbox.admission;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationExceptionBuilder;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * The CEL environment of {@code x-kubernetes-validations} rules: CEL's standard functions and macros, the string and
 * set extensions Kubernetes enables, cross-type numeric comparisons, {@code self} and {@code oldSelf}, and the
 * Kubernetes libraries the committed CRDs use, bound here with the semantics of k8s.io/apiserver/pkg/cel/library:
 * the URL library ({@code isURL}, {@code url}, {@code getScheme}, {@code getHost}, {@code getHostname},
 * {@code getPort}, {@code getEscapedPath}, {@code getQuery}; Go's {@code url.ParseRequestURI}) and the regex library
 * ({@code find}, {@code findAll}; RE2). Not bound: Kubernetes' lists, quantity, IP/CIDR, semver, format and authz
 * libraries (no committed rule uses them; a rule that does fails to compile and is reported as kube-apiserver reports
 * a compile error).
 */
final class KubernetesCelLibrary {

  static final OpaqueType URL = OpaqueType.create("kubernetes.URL");

  private KubernetesCelLibrary() {
  }

  static Cel build() {
    CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    return CelFactory.standardCelBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("self", SimpleType.DYN)
        .addVar("oldSelf", SimpleType.DYN)
        .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(options))
        .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(options))
        .addFunctionDeclarations(declarations())
        .addFunctionBindings(bindings())
        .build();
  }

  private static List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration("url",
            CelOverloadDecl.newGlobalOverload("string_to_url", URL, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration("isURL",
            CelOverloadDecl.newGlobalOverload("is_url_string", SimpleType.BOOL, SimpleType.STRING)),
        member("getScheme", "url_get_scheme"),
        member("getHost", "url_get_host"),
        member("getHostname", "url_get_hostname"),
        member("getPort", "url_get_port"),
        member("getEscapedPath", "url_get_escaped_path"),
        CelFunctionDecl.newFunctionDeclaration("getQuery", CelOverloadDecl.newMemberOverload("url_get_query",
            MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)), URL)),
        CelFunctionDecl.newFunctionDeclaration("find", CelOverloadDecl.newMemberOverload("string_find_string",
            SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration("findAll",
            CelOverloadDecl.newMemberOverload("string_find_all_string", ListType.create(SimpleType.STRING),
                SimpleType.STRING, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("string_find_all_string_int", ListType.create(SimpleType.STRING),
                SimpleType.STRING, SimpleType.STRING, SimpleType.INT)));
  }

  private static CelFunctionDecl member(String name, String overload) {
    return CelFunctionDecl.newFunctionDeclaration(name,
        CelOverloadDecl.newMemberOverload(overload, SimpleType.STRING, URL));
  }

  private static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("string_to_url", String.class, KubernetesCelLibrary::url),
        CelFunctionBinding.from("is_url_string", String.class, GoUrl::valid),
        CelFunctionBinding.from("url_get_scheme", GoUrl.class, GoUrl::scheme),
        CelFunctionBinding.from("url_get_host", GoUrl.class, GoUrl::host),
        CelFunctionBinding.from("url_get_hostname", GoUrl.class, GoUrl::hostname),
        CelFunctionBinding.from("url_get_port", GoUrl.class, GoUrl::port),
        CelFunctionBinding.from("url_get_escaped_path", GoUrl.class, GoUrl::path),
        CelFunctionBinding.from("url_get_query", GoUrl.class, GoUrl::query),
        CelFunctionBinding.from("string_find_string", String.class, String.class,
            (s, regex) -> {
              Matcher m = pattern(regex).matcher(s);
              return m.find() ? m.group() : "";
            }),
        CelFunctionBinding.from("string_find_all_string", String.class, String.class,
            (s, regex) -> findAll(s, regex, -1)),
        CelFunctionBinding.from("string_find_all_string_int", List.of(String.class, String.class, Long.class),
            args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
  }

  private static GoUrl url(String s) throws CelEvaluationException {
    try {
      return GoUrl.parse(s);
    } catch (GoUrl.Invalid e) {
      throw CelEvaluationExceptionBuilder.newBuilder("URL parse error during conversion from string: %s",
          e.getMessage()).build();
    }
  }

  private static Pattern pattern(String regex) throws CelEvaluationException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw CelEvaluationExceptionBuilder.newBuilder("regex compile error: %s", e.getMessage()).build();
    }
  }

  private static List<String> findAll(String s, String regex, long limit) throws CelEvaluationException {
    List<String> out = new ArrayList<>();
    Matcher m = pattern(regex).matcher(s);
    while ((limit < 0 || out.size() < limit) && m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
