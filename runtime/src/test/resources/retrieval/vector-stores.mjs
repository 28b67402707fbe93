// The Node `openai` package against the gateway's files and vector stores, unchanged: upload a
// Markdown file, create a store from it, poll until indexed, search. Prints one JSON line for the
// Java test to check. Usage: node vector-stores.mjs BASE_URL
import OpenAI, { toFile } from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "unused" });
const text = "# Deploying\n\nRun the gateway behind a reverse proxy.\n\n## Rolling back\n\nTo roll back, redeploy the previous jar.\n";
const file = await client.files.create({ file: await toFile(Buffer.from(text), "deploy.md"), purpose: "assistants" });
const store = await client.vectorStores.create({ name: "node-runbooks", file_ids: [file.id] });
let status = store.status;
for (let i = 0; i < 600 && status !== "completed"; i++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  status = (await client.vectorStores.retrieve(store.id)).status;
}
const page = await client.vectorStores.search(store.id, { query: "how do I roll back", max_num_results: 2 });
const hits = [];
for await (const hit of page) hits.push(hit);
console.log(JSON.stringify({ file: file.id, store: store.id, status, hits }));
