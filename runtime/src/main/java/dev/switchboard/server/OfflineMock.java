package dev.switchboard.server;

import dev.switchboard.catalog.Capabilities;
import dev.switchboard.catalog.CatalogEntry;
import dev.switchboard.catalog.Pricing;
import dev.switchboard.provider.mock.MockProvider;
import dev.switchboard.deployment.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a gateway with no provider at all serves: the offline mock under the model names
 * {@code mock} (chat, tools, streaming) and {@code mock-embedding}, priced at zero so a newcomer
 * sees the cost fields without spending anything.
 *
 * @param provider the mock provider, named {@code mock}
 * @param models   the two model names and their deployments
 */
record OfflineMock(MockProvider provider, Map<String, List<Deployment>> models) {
    static OfflineMock create() {
        MockProvider mock = new MockProvider("mock", MockProvider.DEFAULT_CHUNK_DELAY);
        Pricing free = Pricing.perMillion("0", "0", "0", "0");
        CatalogEntry chat = new CatalogEntry("mock/mock", "mock", "mock", CatalogEntry.Mode.CHAT, 128_000, 4_096,
                new Capabilities(true, true, true, false, false), free, null);
        CatalogEntry embedding = new CatalogEntry("mock/mock-embedding", "mock", "mock-embedding", CatalogEntry.Mode.EMBEDDING,
                8_192, null, new Capabilities(false, false, false, false, false), free, null);
        return new OfflineMock(mock, Map.of(
                "mock", List.of(new Deployment(mock, "mock", 1, Optional.of(chat))),
                "mock-embedding", List.of(new Deployment(mock, "mock-embedding", 1, Optional.of(embedding)))));
    }
}
