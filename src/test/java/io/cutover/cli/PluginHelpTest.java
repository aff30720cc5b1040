package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code kubectl cutover --help} and each command's {@code --help} say what docs/operations.md section 4 says: the
 * same commands, and for each command the same options (both ways), with the same value names, and the same
 * arguments. The table there is read as the user reads it.
 */
class PluginHelpTest {
  static final Path DOC = Path.of("docs", "operations.md");
  static final String EVERY_COMMAND = "every command";
  /** A table row: | `plan` | ... | or | every command | ... | */
  static final Pattern ROW = Pattern.compile("^\\| (`[a-z]+`|" + EVERY_COMMAND + ") \\| (.+) \\|$");
  /** An option in the table, with its value's name if it takes one: `-f, --filename FILE`. */
  static final Pattern OPTION = Pattern.compile("`((?:--?[a-zA-Z][\\w-]*)(?:, --?[a-zA-Z][\\w-]*)*)(?: ([A-Z]+))?`");
  /** An argument in the table: `NAME`. */
  static final Pattern ARGUMENT = Pattern.compile("`([A-Z]+)`");

  record Documented(Map<String, String> options, List<String> arguments) {}

  static Map<String, Documented> table() throws IOException {
    String doc = Files.readString(DOC);
    String section = doc.substring(doc.indexOf("## 4. The kubectl plugin"), doc.indexOf("## Upgrade"));
    Map<String, Documented> rows = new LinkedHashMap<>();
    for (String line : section.lines().toList()) {
      Matcher row = ROW.matcher(line);
      if (!row.matches()) {
        continue;
      }
      Map<String, String> options = new LinkedHashMap<>();
      Matcher option = OPTION.matcher(row.group(2));
      while (option.find()) {
        for (String name : option.group(1).split(", ")) {
          options.put(name, option.group(2) == null ? "" : option.group(2));
        }
      }
      List<String> arguments = new ArrayList<>();
      ARGUMENT.matcher(row.group(2)).results().forEach(m -> arguments.add(m.group(1)));
      rows.put(row.group(1).replace("`", ""), new Documented(options, arguments));
    }
    return rows;
  }

  static CommandLine plugin() {
    return new CommandLine(new PluginMain());
  }

  static String usage(CommandLine command) {
    StringWriter out = new StringWriter();
    command.usage(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void theTableNamesThePluginsCommandsAndTheHelpListsThem() throws IOException {
    Set<String> documented = new TreeSet<>(table().keySet());
    documented.remove(EVERY_COMMAND);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(PluginMain.COMMANDS);
    assertThat(plugin().getSubcommands().keySet()).containsExactlyElementsOf(PluginMain.COMMANDS);
    String help = usage(plugin());
    assertThat(help).startsWith("Usage: kubectl cutover ");
    List<String> listed = help.lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
        .map(Pattern.compile("^  ([a-z]+)  .*")::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
    assertThat(listed).containsExactlyElementsOf(PluginMain.COMMANDS);
  }

  @Test
  void eachCommandHasExactlyTheDocumentedOptionsWithTheDocumentedValueNames() throws IOException {
    Map<String, Documented> table = table();
    Documented common = table.get(EVERY_COMMAND);
    assertThat(common).as("a row for every command").isNotNull();
    for (String name : PluginMain.COMMANDS) {
      CommandLine command = plugin().getSubcommands().get(name);
      CommandSpec spec = command.getCommandSpec();
      Map<String, String> documented = new LinkedHashMap<>(common.options());
      documented.putAll(table.get(name).options());
      Map<String, String> actual = new LinkedHashMap<>();
      for (OptionSpec option : spec.options()) {
        String label = option.arity().max() == 0 ? "" : option.paramLabel();
        for (String optionName : option.names()) {
          actual.put(optionName, label);
        }
      }
      assertThat(actual).as("%s: options and their value names, in the help vs in %s", name, DOC)
          .containsExactlyInAnyOrderEntriesOf(documented);
      String help = usage(command);
      assertThat(help).as("%s --help", name).startsWith("Usage: kubectl cutover " + name + " ");
      documented.keySet().forEach(option -> assertThat(help).as("%s --help shows %s", name, option).contains(option));
      List<String> arguments = spec.positionalParameters().stream().map(p -> p.paramLabel()).toList();
      assertThat(arguments).as("%s: arguments", name).containsExactlyElementsOf(table.get(name).arguments());
    }
  }

  @Test
  void helpOnEachCommandPrintsItsUsageAndSucceeds() {
    for (String name : PluginMain.COMMANDS) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = plugin().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(name, "--help");
      assertThat(exit).as("%s --help exit code; stderr: %s", name, err).isZero();
      assertThat(out.toString()).startsWith("Usage: kubectl cutover " + name);
    }
  }

  @Test
  void theOtherEntryPointsCommandsTakeHelpToo() {
    for (CommandLine root : List.of(new CommandLine(new OperatorMain()), new CommandLine(new Main()))) {
      for (String name : root.getSubcommands().keySet()) {
        StringWriter out = new StringWriter();
        int exit = root.setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter())).execute(name, "--help");
        assertThat(exit).as("cutover %s --help", name).isZero();
        assertThat(out.toString()).as("cutover %s --help", name).startsWith("Usage: cutover " + name);
      }
    }
  }
}
