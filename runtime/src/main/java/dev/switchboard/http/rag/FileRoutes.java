package dev.switchboard.http.rag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.http.Requests;
import dev.switchboard.rag.ingest.Parsers;
import dev.switchboard.retrieval.FileStore;
import dev.switchboard.retrieval.RagService;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * OpenAI's {@code /v1/files}, for the files vector stores index: upload (multipart, fields
 * {@code file} and {@code purpose}), list, get and delete. Files belong to the uploader's team.
 * A type ingestion cannot read is refused at upload with 415, a file over the server's body
 * limit with 413.
 */
public final class FileRoutes {
    private final RagService rag;
    private final long maxBytes;

    public FileRoutes(RagService rag, long maxBytes) {
        this.rag = rag;
        this.maxBytes = maxBytes;
    }

    public void mount(JavalinDefaultRoutingApi routes) {
        routes.post("/v1/files", this::upload);
        routes.get("/v1/files", this::list);
        routes.get("/v1/files/{id}", ctx -> Json.respond(ctx, 200, view(rag.files().get(team(ctx), ctx.pathParam("id")))));
        routes.delete("/v1/files/{id}", this::delete);
    }

    private static String team(Context ctx) {
        return RagService.team(Requests.of(ctx).caller());
    }

    private void upload(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new GatewayException.PayloadTooLarge(maxBytes);
        }
        if (ctx.contentType() == null || !ctx.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new GatewayException.InvalidRequest("Upload files as multipart/form-data with the fields 'file' and 'purpose'.", "file");
        }
        UploadedFile upload = ctx.uploadedFile("file");
        if (upload == null) {
            throw new GatewayException.InvalidRequest("Missing required parameter: 'file'.", "file");
        }
        String purpose = ctx.formParam("purpose");
        if (purpose == null || purpose.isBlank()) {
            throw new GatewayException.InvalidRequest("Missing required parameter: 'purpose'.", "purpose");
        }
        String name = upload.filename() == null ? "" : upload.filename().replaceAll(".*[/\\\\]", "");
        if (name.isBlank() || name.length() > 255) {
            throw new GatewayException.InvalidRequest("The file needs a name of 1 to 255 characters; its extension picks the parser.", "file");
        }
        if (!Parsers.supports(name)) {
            throw new GatewayException.UnsupportedMediaType("Unsupported file type for '" + name + "'. Supported types: "
                    + String.join(", ", Parsers.SUPPORTED) + ".");
        }
        if (upload.size() > maxBytes) {
            throw new GatewayException.PayloadTooLarge(maxBytes);
        }
        byte[] content;
        try (InputStream in = upload.content()) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Json.respond(ctx, 200, view(rag.files().save(team(ctx), name, purpose, content)));
    }

    private void list(Context ctx) {
        String purpose = ctx.queryParam("purpose");
        List<FileStore.StoredFile> files = rag.files().list(team(ctx)).stream()
                .filter(f -> purpose == null || purpose.equals(f.purpose())).toList();
        ObjectNode page = Json.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = page.putArray("data");
        files.forEach(f -> data.add(view(f)));
        page.put("has_more", false);
        page.put("first_id", files.isEmpty() ? null : files.get(0).id());
        page.put("last_id", files.isEmpty() ? null : files.get(files.size() - 1).id());
        Json.respond(ctx, 200, page);
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        rag.files().delete(team(ctx), id);
        Json.respond(ctx, 200, Json.MAPPER.createObjectNode().put("id", id).put("object", "file").put("deleted", true));
    }

    static ObjectNode view(FileStore.StoredFile file) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("id", file.id()).put("object", "file").put("bytes", file.bytes())
                .put("created_at", file.createdAt()).put("filename", file.filename()).put("purpose", file.purpose())
                .put("status", "processed");
        node.putNull("expires_at");
        node.putNull("status_details");
        return node;
    }
}
