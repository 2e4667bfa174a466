// An OpenAI-compatible test server around node-llama-cpp (llama.cpp), for lineage's behaviour tests.
//
// Usage: node server.mjs --port 0 --model ID=FILE.gguf [--model ID=FILE.gguf ...]
// Prints one JSON line {"port": N} on stdout once listening; stops on SIGTERM/SIGINT.
//
// Routes (a base URL may be http://host:port or http://host:port/<id> or .../<id>+<fault>):
//   GET  /v1/models              the models (one under an /<id> prefix), with meta.n_vocab as llama.cpp's server
//   GET  /props                  llama.cpp-style server properties
//   POST /v1/completions         prompt: string or array of token ids
//   POST /v1/chat/completions    messages rendered as "role: content\n" lines, then "assistant:"
//   POST /tokenize               {"content": "...", "add_special": false} -> {"tokens": [...]} as
//                                llama.cpp's server (the model's own tokenizer; BOS only with
//                                add_special)
//   POST /detokenize             {"tokens": [...]} -> {"content": "..."} as llama.cpp's server
//   GET  /info                   TGI-style router info (model_id, model_dtype, limits, version)
//   POST /api/show               Ollama-style model details ({"model": id}), with a tokenizer
//                                array that clients must not copy
// Decoding is greedy only (temperature 0 or absent); a positive temperature is refused with 400,
// because this server exists to give reproducible answers. logprobs/top_logprobs come from the
// lower-level controlledEvaluate API (the high-level API has none).
//
// Faults, chosen by the URL prefix /<id>+<fault>, are the bad servers of the tests:
//   slow        waits 30 s before answering          badjson     200 with truncated JSON
//   badsse      a stream cut off mid-event            nologprobs  never sends logprobs
//   429         every odd request gets 429 + Retry-After: 1
//   wrongmodel  answers name another model           drift       after its 4th completion, every
//                                                                 first token is the runner-up
//                                                                 (a server whose model changed)
//   auth        401 unless "Authorization: Bearer lineage-test-key"
//   chatonly    no /v1/completions or /tokenize (404) and no meta.n_vocab in /v1/models, as a chat-only
//               deployment
import http from "node:http";
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

function parseArgs(argv) {
  const args = {port: 0, models: []};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") args.port = Number(argv[++i]);
    else if (argv[i] === "--model") {
      const [id, ...rest] = argv[++i].split("=");
      args.models.push({id, path: rest.join("=")});
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (args.models.length === 0) throw new Error("at least one --model ID=FILE.gguf is required");
  return args;
}

class HttpError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// One model, one context sequence; requests to it run one at a time (greedy decoding is
// deterministic only when nothing else shares the sequence).
class Engine {
  constructor(id, model, context) {
    this.id = id;
    this.model = model;
    this.sequence = context.getSequence();
    this.nCtx = context.contextSize;
    this.queue = Promise.resolve();
  }

  serialized(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  promptTokens(prompt) {
    let tokens;
    if (Array.isArray(prompt)) {
      const nVocab = this.nVocab();
      for (const t of prompt)
        if (!Number.isInteger(t) || t < 0 || (nVocab && t >= nVocab))
          throw new HttpError(400, `prompt token ${t} is not in the vocabulary`);
      tokens = prompt.slice();
    } else if (typeof prompt === "string") {
      tokens = this.model.tokenize(prompt);
    } else {
      throw new HttpError(400, "prompt must be a string or an array of token ids");
    }
    if (this.model.shouldPrependBosToken && this.model.tokens.bos != null && tokens[0] !== this.model.tokens.bos)
      tokens.unshift(this.model.tokens.bos);
    return tokens;
  }

  // Greedy continuation. Returns [{token, text, logprob, top: [[token, logprob], ...]}], finish.
  async generate(prompt, maxTokens, topN, stops, fault) {
    if (prompt.length + maxTokens > this.nCtx)
      throw new HttpError(400, `prompt (${prompt.length}) + max_tokens (${maxTokens}) exceeds the context (${this.nCtx})`);
    await this.sequence.clearHistory();
    const steps = [];
    const generated = [];
    let input = prompt.map((t, i) => (i === prompt.length - 1 ? this.ask(t) : t));
    let finish = "length";
    while (steps.length < maxTokens) {
      const out = await this.sequence.controlledEvaluate(input);
      const next = out[input.length - 1].next;
      const ranked = [...next.probabilities.entries()];
      let token = ranked[0][0];
      if (fault.runnerUp && steps.length === 0 && ranked.length > 1) token = ranked[1][0];
      if (token === this.model.tokens.eos) { finish = "stop"; break; }
      const before = this.model.detokenize(generated, false);
      generated.push(token);
      const text = this.model.detokenize(generated, false).slice(before.length);
      const lp = (p) => Math.log(Math.max(p, 1e-45));
      const top = ranked.slice(0, topN).map(([t, p]) => [this.pieceText(t, generated.slice(0, -1)), lp(p)]);
      steps.push({token, text, logprob: lp(next.probabilities.get(token)), top});
      const sofar = steps.map((s) => s.text).join("");
      const hit = stops.map((s) => sofar.indexOf(s)).filter((i) => i >= 0);
      if (hit.length) { finish = "stop"; break; }
      input = [this.ask(token)];
    }
    return {steps, finish};
  }

  ask(token) {
    return [token, {generateNext: {token: true, probabilities: true, options: {temperature: 0}}}];
  }

  // The text a token adds after `before` (llama's pieces drop a leading space when decoded alone).
  pieceText(token, before) {
    const prefix = this.model.detokenize(before, false);
    return this.model.detokenize([...before, token], false).slice(prefix.length);
  }

  nVocab() { return this.model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 0; }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      if (!raw) return resolve({});
      try { resolve(JSON.parse(raw)); } catch { reject(new HttpError(400, "request body is not JSON")); }
    });
    req.on("error", reject);
  });
}

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {"Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers});
  res.end(text);
}

function completionLogprobs(engine, steps) {
  let offset = 0;
  const text_offset = steps.map((s) => { const o = offset; offset += s.text.length; return o; });
  return {
    tokens: steps.map((s) => s.text),
    token_logprobs: steps.map((s) => s.logprob),
    top_logprobs: steps.map((s) => Object.fromEntries(s.top)),
    text_offset,
  };
}

function chatLogprobs(engine, steps, withTop) {
  const entry = (text, logprob) => ({token: text, logprob, bytes: [...Buffer.from(text, "utf8")]});
  return {content: steps.map((s) => ({...entry(s.text, s.logprob),
    top_logprobs: withTop ? s.top.map(([t, lp]) => entry(t, lp)) : []}))};
}

function samplingParams(body) {
  if (body.temperature !== undefined && body.temperature !== 0)
    throw new HttpError(400, "this test server decodes greedily only: temperature must be 0");
  const maxTokens = body.max_tokens ?? body.max_completion_tokens ?? 16;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new HttpError(400, "max_tokens must be a positive integer");
  const stops = body.stop === undefined ? [] : Array.isArray(body.stop) ? body.stop : [body.stop];
  return {maxTokens, stops};
}

async function completions(engine, body, chat, fault, res, counter, nthCompletion) {
  const {maxTokens, stops} = samplingParams(body);
  let prompt;
  if (chat) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) throw new HttpError(400, "messages must be a non-empty array");
    prompt = body.messages.map((m) => `${m.role}: ${m.content}\n`).join("") + "assistant:";
  } else {
    prompt = body.prompt;
  }
  let topN = 0, wantLogprobs = false;
  if (chat) { wantLogprobs = body.logprobs === true; topN = wantLogprobs ? (body.top_logprobs ?? 0) : 0; }
  else if (body.logprobs != null) { wantLogprobs = true; topN = body.logprobs; }
  if (!Number.isInteger(topN) || topN < 0 || topN > 20) throw new HttpError(400, "logprobs/top_logprobs must be 0..20");
  const tokens = engine.promptTokens(prompt);
  const t0 = Date.now();
  const {steps, finish} = await engine.serialized(() =>
    engine.generate(tokens, maxTokens, topN, stops, {runnerUp: fault === "drift" && nthCompletion > 4}));
  const logprobs = wantLogprobs && fault !== "nologprobs";
  const id = `${chat ? "chatcmpl" : "cmpl"}-${counter}`;
  const head = {id, object: chat ? "chat.completion" : "text_completion", created: Math.floor(t0 / 1000),
                model: fault === "wrongmodel" ? "someone-else" : engine.id, system_fingerprint: `fp-node-llama-cpp-3.21.1-${engine.id}`};
  const usage = {prompt_tokens: tokens.length, completion_tokens: steps.length, total_tokens: tokens.length + steps.length};
  const choice = (part, lp, fin) => chat
    ? {index: 0, message: {role: "assistant", content: part}, logprobs: lp ? chatLogprobs(engine, lp, topN > 0) : null, finish_reason: fin}
    : {index: 0, text: part, logprobs: lp ? completionLogprobs(engine, lp) : null, finish_reason: fin};
  if (!body.stream) {
    if (fault === "badjson") { res.writeHead(200, {"Content-Type": "application/json"}); res.end('{"id": "x", "choices": [{"text": "trunc'); return; }
    return sendJson(res, 200, {...head, choices: [choice(steps.map((s) => s.text).join(""), logprobs ? steps : null, finish)], usage});
  }
  res.writeHead(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"});
  const obj = chat ? "chat.completion.chunk" : "text_completion";
  for (const [i, s] of steps.entries()) {
    const fin = i === steps.length - 1 ? finish : null;
    const c = chat
      ? {index: 0, delta: i === 0 ? {role: "assistant", content: s.text} : {content: s.text}, logprobs: logprobs ? chatLogprobs(engine, [s], topN > 0) : null, finish_reason: fin}
      : choice(s.text, logprobs ? [s] : null, fin);
    if (fault === "badsse" && i === 1) { res.end('data: {"id": "x", "choi'); return; }
    res.write(`data: ${JSON.stringify({...head, object: obj, choices: [c]})}\n\n`);
  }
  if (steps.length === 0) res.write(`data: ${JSON.stringify({...head, object: obj, choices: [chat ? {index: 0, delta: {}, finish_reason: finish} : choice("", null, finish)]})}\n\n`);
  res.write("data: [DONE]\n\n");
  res.end();
}

function modelEntry(engine) {
  return {id: engine.id, object: "model", created: 0, owned_by: "lineage-test",
          meta: {n_vocab: engine.nVocab(), n_ctx_train: engine.model.trainContextSize,
                 n_params: engine.model.fileInsights.parameterCount ?? null}};
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error, maxThreads: 1});
  const engines = new Map();
  for (const {id, path} of args.models) {
    const model = await llama.loadModel({modelPath: path});
    const context = await model.createContext({contextSize: Math.min(512, model.trainContextSize), sequences: 1, threads: 1, batchSize: 512});
    engines.set(id, new Engine(id, model, context));
  }
  const counters = new Map();
  const completionCounts = new Map();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      let path = url.pathname, scoped = null, fault = null;
      const m = path.match(/^\/([^/]+?)(?:\+([a-z0-9]+))?(\/.*)$/);
      if (m && engines.has(m[1])) { scoped = engines.get(m[1]); fault = m[2] ?? null; path = m[3]; }
      const key = `${m && scoped ? m[1] : ""}+${fault}`;
      const counter = (counters.get(key) ?? 0) + 1;
      counters.set(key, counter);
      if (fault === "slow") await sleep(30000);
      if (fault === "auth" && req.headers.authorization !== "Bearer lineage-test-key")
        return sendJson(res, 401, {error: {message: "invalid API key", type: "invalid_request_error"}});
      if (fault === "429" && counter % 2 === 1)
        return sendJson(res, 429, {error: {message: "rate limited", type: "rate_limit"}}, {"Retry-After": "1"});
      const list = scoped ? [scoped] : [...engines.values()];
      if (req.method === "GET" && path === "/v1/models") {
        const data = list.map(modelEntry);
        if (fault === "chatonly") for (const d of data) delete d.meta;
        return sendJson(res, 200, {object: "list", data});
      }
      if (req.method === "GET" && path === "/props") {
        const e = list[0];
        return sendJson(res, 200, {model_path: e.id, n_ctx: e.nCtx, build_info: "node-llama-cpp 3.21.1",
                                   default_generation_settings: {n_ctx: e.nCtx, temperature: 0}, total_slots: 1});
      }
      if (req.method === "GET" && path === "/info") {
        const e = list[0];
        return sendJson(res, 200, {model_id: e.id, model_sha: null, model_dtype: "float32", model_device_type: "cpu",
                                   max_input_tokens: e.nCtx - 1, max_total_tokens: e.nCtx, version: "node-llama-cpp 3.21.1",
                                   sha: null, docker_label: null});
      }
      if (req.method !== "POST") throw new HttpError(404, `no route ${req.method} ${url.pathname}`);
      const body = await readBody(req);
      let engine = scoped;
      if (!engine) {
        if (body.model === undefined && engines.size === 1) engine = list[0];
        else engine = engines.get(body.model);
        if (!engine) throw new HttpError(404, `model '${body.model}' is not served here`);
      }
      if (path === "/api/show") {
        const info = engine.model.fileInfo.metadata;
        return sendJson(res, 200, {modelfile: "# test", template: "{{ .Prompt }}",
          details: {parent_model: "", format: "gguf", family: info.general?.architecture ?? "llama",
                    families: [info.general?.architecture ?? "llama"], parameter_size: String(engine.model.fileInsights.parameterCount ?? 0),
                    quantization_level: "F32"},
          model_info: {"general.architecture": info.general?.architecture ?? "llama",
                       "general.parameter_count": engine.model.fileInsights.parameterCount ?? 0,
                       "tokenizer.ggml.tokens": ["<unk>", "<s>", "</s>"]},
          modified_at: "2026-01-01T00:00:00Z"});
      }
      if (path === "/tokenize" && fault !== "chatonly") {
        if (typeof body.content !== "string") throw new HttpError(400, "content must be a string");
        const tokens = Array.from(engine.model.tokenize(body.content));
        if (body.add_special === true && engine.model.tokens.bos != null) tokens.unshift(engine.model.tokens.bos);
        return sendJson(res, 200, {tokens});
      }
      if (path === "/detokenize") {
        if (!Array.isArray(body.tokens)) throw new HttpError(400, "tokens must be an array");
        return sendJson(res, 200, {content: engine.model.detokenize(body.tokens, false)});
      }
      const nth = (completionCounts.get(key) ?? 0) + 1;
      if (path === "/v1/completions" || path === "/v1/chat/completions") completionCounts.set(key, nth);
      if (path === "/v1/completions" && fault === "chatonly") throw new HttpError(404, `no route ${req.method} ${url.pathname}`);
      if (path === "/v1/completions") return await completions(engine, body, false, fault, res, counter, nth);
      if (path === "/v1/chat/completions") return await completions(engine, body, true, fault, res, counter, nth);
      throw new HttpError(404, `no route ${req.method} ${url.pathname}`);
    } catch (e) {
      if (res.headersSent) { res.end(); return; }
      sendJson(res, e.status ?? 500, {error: {message: String(e.message ?? e), type: "invalid_request_error"}});
    }
  });
  server.listen(args.port, "127.0.0.1", () => {
    process.stdout.write(JSON.stringify({port: server.address().port}) + "\n");
  });
  const stop = async () => { server.close(); server.closeAllConnections(); await llama.dispose(); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // The harness starts us in a session of our own, so a harness killed outright (SIGKILL, a
  // ctest timeout) cannot take us down with its process group: stop when our parent is gone.
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) stop(); }, 500).unref();
}

main().catch((e) => { process.stderr.write(`server: ${e.stack ?? e}\n`); process.exit(1); });
