package dev.switchboard.governance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.RunningGateway;
import dev.switchboard.testing.SkillZips;
import dev.switchboard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploading a zipped skill through the admin API: installed for the team and audited when valid;
 * refused whole, with every fault named by file, line and field, when not.
 */
class SkillUploadApiTest {
    private static final String CONFIG = TestDatabase.SQLITE.governanceYaml() + "skills:\n  max_upload_bytes: 200000\n";
    private static RunningGateway gateway;
    private static AdminClient platform;
    private static String team;
    private static String otherTeam;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start(CONFIG, AdminClient.ENV);
        platform = AdminClient.platform(gateway);
        String org = platform.expect(201, "POST", "/admin/v1/orgs", "{\"name\":\"acme\"}").path("id").asText();
        team = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"search\"}").path("id").asText();
        otherTeam = platform.expect(201, "POST", "/admin/v1/orgs/" + org + "/teams", "{\"name\":\"docs\"}").path("id").asText();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> upload(String teamId, byte[] zip) {
        return platform.send("POST", "/admin/v1/teams/" + teamId + "/skills", zip, "application/zip");
    }

    private static JsonNode skills(String teamId) {
        return platform.get("/admin/v1/teams/" + teamId + "/skills").path("data");
    }

    @Test
    void an_uploaded_skill_is_listed_for_its_team_replaced_by_a_new_upload_audited_and_deleted() {
        HttpResponse<String> created = upload(team, SkillZips.skill("meeting-notes"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(AdminClient.json(created.body()).path("skill").path("source").asText()).isEqualTo("team");
        assertThat(skills(team).findValuesAsText("name")).contains("meeting-notes", "cited-answer");
        assertThat(skills(otherTeam).findValuesAsText("name")).doesNotContain("meeting-notes");

        HttpResponse<String> replaced = upload(team, SkillZips.skill("meeting-notes", "Second version."));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(AdminClient.json(replaced.body()).path("replaced").asBoolean()).isTrue();
        assertThat(skills(team).toString()).contains("Second version.");

        JsonNode audit = platform.get("/admin/v1/audit").path("data");
        assertThat(audit.findValuesAsText("action")).contains("skill.upload");

        platform.expect(204, "DELETE", "/admin/v1/teams/" + team + "/skills/meeting-notes", null);
        assertThat(skills(team).findValuesAsText("name")).doesNotContain("meeting-notes");
        platform.expect(404, "DELETE", "/admin/v1/teams/" + team + "/skills/meeting-notes", null);
        platform.expect(404, "DELETE", "/admin/v1/teams/" + team + "/skills/cited-answer", null);
    }

    @Test
    void an_invalid_skill_is_a_400_naming_file_line_and_field_and_nothing_is_installed() {
        byte[] zip = SkillZips.of(Map.of("bad-skill/SKILL.md", "---\nname: Bad_Skill\ndescription: \"\"\n---\nBody\n"));
        HttpResponse<String> response = upload(team, zip);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = AdminClient.json(response.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("The skill was refused, nothing was installed: "
                + "upload.zip/bad-skill/SKILL.md:2: error: name: must be lowercase (is 'Bad_Skill'); "
                + "upload.zip/bad-skill/SKILL.md:2: error: name: may only contain lowercase letters a-z, digits and hyphens (is 'Bad_Skill'); "
                + "upload.zip/bad-skill/SKILL.md:3: error: description: must not be empty");
        assertThat(skills(team).findValuesAsText("name")).doesNotContain("bad-skill", "Bad_Skill");
    }

    @Test
    void a_zip_slip_and_an_oversize_upload_are_refused() {
        Map<String, String> slip = new LinkedHashMap<>();
        slip.put("slip/SKILL.md", "---\nname: slip\ndescription: d\n---\n");
        slip.put("slip/../../../../tmp/evil.sh", "echo pwned");
        HttpResponse<String> slipped = upload(team, SkillZips.of(slip));
        assertThat(slipped.statusCode()).isEqualTo(400);
        assertThat(slipped.body()).contains("slip/../../../../tmp/evil.sh: climbs out of the skill's folder with '..'");

        HttpResponse<String> big = upload(team, new byte[300_000]);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(skills(team).findValuesAsText("name")).doesNotContain("slip");
    }
}
