package dev.switchboard.rag.index;

import dev.switchboard.rag.Hit;
import dev.switchboard.rag.SearchRequest;
import java.util.List;

/**
 * The read side of a collection's index: the seam where a distributed engine can take Lucene's
 * place (OpenSearch's BM25 plus k-NN hybrid query; docs/rag.md says how). The retrieval core
 * embeds the query itself and hands the vector down, so an engine needs no model of its own.
 *
 * <p>Implementations are thread-safe and see every write made before the call returned.
 */
@FunctionalInterface
public interface Retriever {

    /**
     * @param queryVector the query's unit-length embedding; null for {@link dev.switchboard.rag.SearchMode#BM25}
     * @return at most {@code request.topK()} hits, best first
     */
    List<Hit> search(SearchRequest request, float[] queryVector);
}
