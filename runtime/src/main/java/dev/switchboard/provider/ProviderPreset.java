package dev.switchboard.provider;

import dev.switchboard.dialect.WireFormat;
import java.util.List;
import java.util.Optional;

/**
 * Built-in settings for a known vendor, so that a user gives only an API key.
 *
 * @param name       preset name, also the provider name used when the preset is enabled from the environment
 * @param format     the vendor's wire format, which decides the provider type
 * @param baseUrl    the vendor's base URL (for OpenAI-compatible vendors, ending before {@code /chat/completions})
 * @param apiKeyEnv  environment variable holding the key; setting it enables the provider with no config file
 * @param local      a server on the user's own machine: needs no key and is enabled only from config
 */
public record ProviderPreset(String name, WireFormat format, String baseUrl, String apiKeyEnv, boolean local) {

    private static final List<ProviderPreset> ALL = List.of(
            new ProviderPreset("anthropic", WireFormat.ANTHROPIC, "https://api.anthropic.com", "ANTHROPIC_API_KEY", false),
            new ProviderPreset("gemini", WireFormat.GEMINI, "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY", false),
            hosted("openai", "https://api.openai.com/v1", "OPENAI_API_KEY"),
            hosted("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
            hosted("xai", "https://api.x.ai/v1", "XAI_API_KEY"),
            hosted("mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY"),
            hosted("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY"),
            hosted("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY"),
            hosted("fireworks", "https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY"),
            hosted("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
            hosted("dashscope", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY"),
            hosted("zhipu", "https://open.bigmodel.cn/api/paas/v4", "ZHIPUAI_API_KEY"),
            hosted("moonshot", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY"),
            hosted("minimax", "https://api.minimax.io/v1", "MINIMAX_API_KEY"),
            hosted("cerebras", "https://api.cerebras.ai/v1", "CEREBRAS_API_KEY"),
            hosted("perplexity", "https://api.perplexity.ai", "PERPLEXITY_API_KEY"),
            hosted("deepinfra", "https://api.deepinfra.com/v1/openai", "DEEPINFRA_API_KEY"),
            local("vllm", "http://localhost:8000/v1", "VLLM_API_KEY"),
            local("ollama", "http://localhost:11434/v1", "OLLAMA_API_KEY"),
            local("lmstudio", "http://localhost:1234/v1", "LMSTUDIO_API_KEY"));

    private static ProviderPreset hosted(String name, String baseUrl, String apiKeyEnv) {
        return new ProviderPreset(name, WireFormat.OPENAI, baseUrl, apiKeyEnv, false);
    }

    private static ProviderPreset local(String name, String baseUrl, String apiKeyEnv) {
        return new ProviderPreset(name, WireFormat.OPENAI, baseUrl, apiKeyEnv, true);
    }

    public static List<ProviderPreset> all() {
        return ALL;
    }

    public static Optional<ProviderPreset> named(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst();
    }
}
