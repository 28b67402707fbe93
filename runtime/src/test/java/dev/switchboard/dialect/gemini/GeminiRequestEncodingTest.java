package dev.switchboard.dialect.gemini;

import static dev.switchboard.dialect.gemini.Requests.assistant;
import static dev.switchboard.dialect.gemini.Requests.json;
import static dev.switchboard.dialect.gemini.Requests.text;
import static dev.switchboard.dialect.gemini.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatRequest.ResponseFormat;
import dev.switchboard.chat.ChatRequest.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiRequestEncodingTest {

    @Test
    void system_texts_become_the_system_instruction_and_turns_become_user_and_model_contents() {
        Requests request = Requests.of(user(text("Hi")), assistant(text("Hello!")), user(text("Capital of France?")));
        request.system.add(text("You are terse."));
        request.system.add(text("Answer in English."));

        assertThat(request.encoded()).isEqualTo(json("""
                {"systemInstruction": {"parts": [{"text": "You are terse."}, {"text": "Answer in English."}]},
                 "contents": [
                   {"role": "user", "parts": [{"text": "Hi"}]},
                   {"role": "model", "parts": [{"text": "Hello!"}]},
                   {"role": "user", "parts": [{"text": "Capital of France?"}]}]}"""));
    }

    @Test
    void consecutive_turns_by_the_same_side_merge_into_one_content() {
        Requests request = Requests.of(user(text("First.")), user(text("Second.")), assistant(text("Noted.")));

        assertThat(request.encoded().get("contents")).isEqualTo(json("""
                [{"role": "user", "parts": [{"text": "First."}, {"text": "Second."}]},
                 {"role": "model", "parts": [{"text": "Noted."}]}]"""));
    }

    @Test
    void tools_pass_their_json_schema_through_unchanged_as_parameters_json_schema() {
        Requests request = Requests.of(user(text("Weather in Paris?")));
        String schema = """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"city": {"$ref": "#/$defs/city"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"}},
                 "required": ["city"], "additionalProperties": false,
                 "$defs": {"city": {"type": "string", "examples": ["Paris"]}}}""";
        request.tools.add(new ChatRequest.Tool("get_weather", "Current weather for a city", json(schema), true));
        request.tools.add(new ChatRequest.Tool("get_time", null, null, null));

        assertThat(request.encoded().get("tools")).isEqualTo(json("""
                [{"functionDeclarations": [
                   {"name": "get_weather", "description": "Current weather for a city", "parametersJsonSchema": %s},
                   {"name": "get_time"}]}]""".formatted(schema)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            auto     | {"functionCallingConfig": {"mode": "AUTO"}}
            none     | {"functionCallingConfig": {"mode": "NONE"}}
            required | {"functionCallingConfig": {"mode": "ANY"}}
            named    | {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}}""")
    void tool_choices_become_function_calling_modes(String choice, String expected) {
        Requests request = Requests.of(user(text("Weather?")));
        request.tools.add(new ChatRequest.Tool("get_weather", null, json("{\"type\":\"object\"}"), null));
        request.toolChoice = switch (choice) {
            case "auto" -> new ToolChoice.Auto();
            case "none" -> new ToolChoice.None();
            case "required" -> new ToolChoice.Required();
            default -> new ToolChoice.Named("get_weather");
        };

        assertThat(request.encoded().get("toolConfig")).isEqualTo(json(expected));
    }

    @Test
    void tool_results_take_their_function_name_from_the_earlier_call_with_their_id() {
        Requests request = Requests.of(
                user(text("Weather in Paris and London?")),
                assistant(text("Checking both."),
                        new ChatRequest.ToolCall("call_a", "get_weather", json("{\"city\":\"Paris\"}")),
                        new ChatRequest.ToolCall("call_b", "get_forecast", json("{\"city\":\"London\"}"))),
                user(new ChatRequest.ToolResult("call_b", null, List.of(text("rain")), false),
                        new ChatRequest.ToolResult("call_a", null, List.of(text("sunny, "), text("21 C")), false)),
                user(text("Thanks; which is warmer?")));

        assertThat(request.encoded().get("contents")).isEqualTo(json("""
                [{"role": "user", "parts": [{"text": "Weather in Paris and London?"}]},
                 {"role": "model", "parts": [
                   {"text": "Checking both."},
                   {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "skip_thought_signature_validator"},
                   {"functionCall": {"name": "get_forecast", "args": {"city": "London"}}}]},
                 {"role": "user", "parts": [
                   {"functionResponse": {"name": "get_forecast", "response": {"result": "rain"}}},
                   {"functionResponse": {"name": "get_weather", "response": {"result": "sunny, \\n21 C"}}},
                   {"text": "Thanks; which is warmer?"}]}]"""));
    }

    @Test
    void every_model_step_signs_its_first_function_call_so_gemini_3_accepts_the_replayed_history() {
        Requests request = Requests.of(
                user(text("Plan a trip.")),
                assistant(new ChatRequest.ToolCall("c1", "search", json("{\"q\":\"flights\"}"))),
                user(new ChatRequest.ToolResult("c1", "search", List.of(text("3 flights")), false)),
                assistant(new ChatRequest.ToolCall("c2", "book", null)));

        List<String> signatures = request.encoded().get("contents").findValuesAsText("thoughtSignature");

        assertThat(signatures).containsExactly("skip_thought_signature_validator", "skip_thought_signature_validator");
        assertThat(request.encoded().at("/contents/3/parts/0/functionCall/args")).isEqualTo(json("{}"));
    }

    @Test
    void a_tool_result_that_names_its_function_and_failed_is_sent_as_the_responses_error() {
        Requests request = Requests.of(user(new ChatRequest.ToolResult("from-another-turn", "get_weather",
                List.of(text("city not found")), true)));

        assertThat(request.encoded().at("/contents/0/parts/0")).isEqualTo(json("""
                {"functionResponse": {"name": "get_weather", "response": {"error": "city not found"}}}"""));
    }

    @Test
    void inline_images_and_documents_become_inline_data_and_urls_become_file_data() {
        Requests request = Requests.of(user(
                text("Compare these."),
                new ChatRequest.Image(null, "image/png", "iVBORw0KGgo=", null, null),
                new ChatRequest.Image("https://example.com/photos/cat.JPG?size=large#top", null, null, "high", null),
                new ChatRequest.Image("https://example.com/render", "image/webp", null, null, null),
                new ChatRequest.Document(null, "application/pdf", "JVBERi0xLjQ=", "Report", null),
                new ChatRequest.Document("https://example.com/paper.pdf", null, null, null, null)));

        assertThat(request.encoded().at("/contents/0/parts")).isEqualTo(json("""
                [{"text": "Compare these."},
                 {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
                 {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/photos/cat.JPG?size=large#top"}},
                 {"fileData": {"mimeType": "image/webp", "fileUri": "https://example.com/render"}},
                 {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0xLjQ="}},
                 {"fileData": {"mimeType": "application/pdf", "fileUri": "https://example.com/paper.pdf"}}]"""));
    }

    @Test
    void a_json_schema_response_format_becomes_the_response_json_schema_unchanged() {
        Requests request = Requests.of(user(text("Extract the person.")));
        String schema = """
                {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": ["integer", "null"]}},
                 "required": ["name", "age"], "additionalProperties": false}""";
        request.responseFormat = new ResponseFormat.JsonSchema("person", json(schema), true);

        assertThat(request.encoded().get("generationConfig")).isEqualTo(json("""
                {"responseMimeType": "application/json", "responseJsonSchema": %s}""".formatted(schema)));
    }

    @Test
    void a_json_object_response_format_asks_only_for_json() {
        Requests request = Requests.of(user(text("Give me JSON.")));
        request.responseFormat = new ResponseFormat.JsonObject();

        assertThat(request.encoded().get("generationConfig")).isEqualTo(json("{\"responseMimeType\": \"application/json\"}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            minimal | {"thinkingBudget": 0}
            none    | {"thinkingBudget": 0}
            low     | {"thinkingBudget": 1024, "includeThoughts": true}
            medium  | {"thinkingBudget": 8192, "includeThoughts": true}
            high    | {"thinkingBudget": 24576, "includeThoughts": true}""")
    void reasoning_efforts_become_thinking_budgets(String effort, String expected) {
        Requests request = Requests.of(user(text("Prove it.")));
        request.reasoning = new ChatRequest.Reasoning(effort, null);

        assertThat(request.encoded().at("/generationConfig/thinkingConfig")).isEqualTo(json(expected));
    }

    @Test
    void a_thinking_budget_is_sent_as_is_with_the_thoughts_included() {
        Requests request = Requests.of(user(text("Prove it.")));
        request.reasoning = new ChatRequest.Reasoning(null, 3000);

        assertThat(request.encoded().at("/generationConfig/thinkingConfig"))
                .isEqualTo(json("{\"thinkingBudget\": 3000, \"includeThoughts\": true}"));
    }

    @Test
    void sampling_settings_become_the_generation_config() {
        Requests request = Requests.of(user(text("Write a haiku.")));
        request.maxTokens = 256;
        request.temperature = 0.7;
        request.topP = 0.9;
        request.topK = 40;
        request.stop.addAll(List.of("\n\n", "END"));
        request.seed = 42L;

        assertThat(request.encoded().get("generationConfig")).isEqualTo(json("""
                {"stopSequences": ["\\n\\n", "END"], "maxOutputTokens": 256, "temperature": 0.7, "topP": 0.9, "topK": 40, "seed": 42}"""));
    }

    @Test
    void a_request_with_default_settings_has_only_contents_and_never_the_model() {
        assertThat(Requests.of(user(text("Hi"))).encoded())
                .isEqualTo(json("{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"Hi\"}]}]}"));
    }

    @Test
    void advisory_things_gemini_has_no_place_for_are_dropped() {
        Requests request = Requests.of(
                user(new ChatRequest.Text("Long shared context.", json("{\"type\":\"ephemeral\"}")), text("")),
                assistant(new ChatRequest.Thinking("Let me think.", "sig-from-anthropic", false), text("Sure.")),
                user(text("Go on.")));
        request.system.add(new ChatRequest.Text("Be brief.", json("{\"type\":\"ephemeral\"}")));
        request.system.add(text(""));
        request.user = "end-user-7";

        assertThat(request.encoded()).isEqualTo(json("""
                {"systemInstruction": {"parts": [{"text": "Be brief."}]},
                 "contents": [
                   {"role": "user", "parts": [{"text": "Long shared context."}]},
                   {"role": "model", "parts": [{"text": "Sure."}]},
                   {"role": "user", "parts": [{"text": "Go on."}]}]}"""));
    }

    @Test
    void a_turn_left_empty_by_dropped_thinking_disappears_and_its_neighbours_merge() {
        Requests request = Requests.of(
                user(text("One.")),
                assistant(new ChatRequest.Thinking("hmm", null, false)),
                user(text("Two.")));

        assertThat(request.encoded().get("contents"))
                .isEqualTo(json("[{\"role\": \"user\", \"parts\": [{\"text\": \"One.\"}, {\"text\": \"Two.\"}]}]"));
    }
}
