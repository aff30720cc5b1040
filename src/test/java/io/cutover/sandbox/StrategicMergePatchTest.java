package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Strategic merge patch with the patch strategies of Kubernetes' struct tags and kubectl apply's directives. */
class StrategicMergePatchTest {

  static JsonNode json(String json) {
    return Store.read(json.replace('\'', '"'), JsonNode.class);
  }

  static JsonNode patch(String group, String kind, String original, String patch) {
    return StrategicMergePatch.apply(group, kind, json(original), json(patch));
  }

  @Test
  void roleBindingSubjectsAndRoleRulesHaveNoStrategySoAreReplacedWhole() {
    JsonNode patched = patch("rbac.authorization.k8s.io", "RoleBinding",
        "{'subjects':[{'kind':'User','name':'a'},{'kind':'User','name':'b'}],'roleRef':{'kind':'Role','name':'r'}}",
        "{'subjects':[{'kind':'User','name':'c'}]}");
    assertThat(patched.get("subjects").findValuesAsText("name")).containsExactly("c");
    assertThat(patched.get("roleRef").get("name").asText()).isEqualTo("r");
    JsonNode role = patch("rbac.authorization.k8s.io", "Role", "{'rules':[{'verbs':['get']},{'verbs':['list']}]}",
        "{'rules':[{'verbs':['watch']}]}");
    assertThat(role.get("rules")).hasSize(1);
  }

  @Test
  void serviceAccountSecretsMergeOnNameWhileImagePullSecretsAreReplaced() {
    JsonNode patched = patch("", "ServiceAccount",
        "{'secrets':[{'name':'a'},{'name':'b'}],'imagePullSecrets':[{'name':'x'},{'name':'y'}]}",
        "{'secrets':[{'name':'c'},{'name':'a','$patch':'delete'}],'imagePullSecrets':[{'name':'z'}]}");
    assertThat(patched.get("secrets").findValuesAsText("name")).containsExactly("b", "c");
    assertThat(patched.get("imagePullSecrets").findValuesAsText("name")).containsExactly("z");
  }

  @Test
  void mapsMergeAndNullDeletesAKey() {
    JsonNode patched = patch("", "Secret", "{'metadata':{'labels':{'a':'1','b':'2'},'annotations':{'x':'y'}}}",
        "{'metadata':{'labels':{'b':null,'c':'3'}}}");
    assertThat(patched.get("metadata").get("labels").toString()).isEqualTo("{\"a\":\"1\",\"c\":\"3\"}");
    assertThat(patched.get("metadata").get("annotations").get("x").asText()).isEqualTo("y");
  }

  @Test
  void directivesReplaceDeleteRetainKeysSetElementOrderAndDeleteFromPrimitiveList() {
    assertThat(patch("", "Secret", "{'data':{'a':'1','b':'2'}}", "{'data':{'$patch':'replace','c':'3'}}")
        .get("data").toString()).isEqualTo("{\"c\":\"3\"}");
    assertThat(patch("", "Secret", "{'data':{'a':'1'},'type':'t'}", "{'data':{'$patch':'delete'}}").has("data"))
        .isFalse();
    assertThat(patch("", "Pod", "{'spec':{'a':1,'b':2,'c':3}}", "{'spec':{'$retainKeys':['a','c'],'c':4}}")
        .get("spec").toString()).isEqualTo("{\"a\":1,\"c\":4}");
    JsonNode ordered = patch("", "Pod", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
        "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'b'},{'name':'a'}],"
            + "'containers':[{'name':'c','image':'i'}]}}");
    assertThat(ordered.get("spec").get("containers").findValuesAsText("name")).containsExactly("c", "b", "a");
    JsonNode finalizers = patch("", "Namespace", "{'metadata':{'finalizers':['a','b']}}",
        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['c']}}");
    assertThat(finalizers.get("metadata").get("finalizers").toString()).isEqualTo("[\"b\",\"c\"]");
    JsonNode replacedList = patch("", "Pod", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
        "{'spec':{'containers':[{'name':'z'},{'$patch':'replace'}]}}");
    assertThat(replacedList.get("spec").get("containers").findValuesAsText("name")).containsExactly("z");
  }

  @Test
  void containersMergeByNameWithEnvMergedByNameInsideDeploymentTemplates() {
    JsonNode patched = patch("apps", "Deployment",
        "{'spec':{'template':{'spec':{'containers':[{'name':'app','image':'v1','env':[{'name':'A','value':'1'}]}]}}}}",
        "{'spec':{'template':{'spec':{'containers':[{'name':'app','image':'v2','env':[{'name':'B','value':'2'}]}]}}}}");
    JsonNode container = patched.get("spec").get("template").get("spec").get("containers").get(0);
    assertThat(container.get("image").asText()).isEqualTo("v2");
    assertThat(container.get("env").findValuesAsText("name")).containsExactly("A", "B");
  }

  @Test
  void aMergeListElementWithoutItsKeyIsRejected() {
    assertThatThrownBy(() -> patch("", "ServiceAccount", "{'secrets':[]}", "{'secrets':[{'namespace':'x'}]}"))
        .isInstanceOf(StrategicMergePatch.InvalidPatchException.class).hasMessageContaining("merge key: name");
  }
}
