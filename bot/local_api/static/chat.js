// The web chat: be one of the seeded people and talk to the real bot through the local
// Bot API server. Plain DOM, no framework; message text is never parsed as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { user: null, people: [], rev: 0, poll: null, commands: [] };

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

function post(path, body) {
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

// -- formatted text: Telegram entities (UTF-16 offsets = JavaScript string indices) ------
const TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code",
  pre: "pre", blockquote: "blockquote", expandable_blockquote: "blockquote",
};

function entityElement(entity) {
  if (entity.type === "text_link") {
    const link = document.createElement("a");
    if (/^(https?:|tg:)/i.test(entity.url)) link.href = entity.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }
  if (entity.type === "spoiler") {
    const span = document.createElement("span");
    span.className = "spoiler";
    span.addEventListener("click", () => span.classList.add("shown"));
    return span;
  }
  return document.createElement(TAGS[entity.type] || "span");
}

function renderText(parent, text, entities, start = 0, end = text.length) {
  let at = start;
  const inside = entities.filter((e) => e.offset >= start && e.offset + e.length <= end);
  let i = 0;
  while (i < inside.length) {
    const entity = inside[i];
    if (entity.offset < at) { i += 1; continue; }
    parent.append(text.slice(at, entity.offset));
    const element = entityElement(entity);
    const stop = entity.offset + entity.length;
    const nested = inside.slice(i + 1).filter((e) => e.offset + e.length <= stop);
    renderText(element, text, nested, entity.offset, stop);
    parent.append(element);
    at = stop;
    i += 1 + nested.length;
  }
  parent.append(text.slice(at, end));
}

// -- messages -----------------------------------------------------------------------------
function timeOf(seconds) {
  const d = new Date(seconds * 1000);
  return d.toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });
}

function fileBlock(file) {
  if (file.kind === "photo") {
    const img = document.createElement("img");
    img.src = file.url;
    img.alt = "foto";
    return img;
  }
  const link = document.createElement("a");
  link.className = "doc";
  link.href = file.url;
  link.download = file.name;
  const icon = document.createElement("span");
  icon.className = "icon";
  icon.textContent = "📄";
  const name = document.createElement("span");
  name.textContent = `${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)`;
  link.append(icon, name);
  return link;
}

function keyboard(message) {
  const box = document.createElement("div");
  box.className = "kb";
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "kb-row";
    for (const button of row) {
      if (button.url) {
        const link = document.createElement("a");
        link.href = button.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.textContent = button.text;
        line.append(link);
        continue;
      }
      const tap = document.createElement("button");
      tap.type = "button";
      tap.textContent = button.text;
      tap.dataset.data = button.callback_data || "";
      tap.addEventListener("click", () => press(message.id, tap.dataset.data));
      line.append(tap);
    }
    box.append(line);
  }
  return box;
}

function draw(message) {
  const list = $("messages");
  const old = list.querySelector(`.msg[data-id="${message.id}"]`);
  if (message.deleted) { if (old) old.remove(); return; }
  const node = document.createElement("div");
  node.className = `msg ${message.from_bot ? "bot" : "me"}`;
  node.dataset.id = message.id;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.file) bubble.append(fileBlock(message.file));
  if (message.text !== null) renderText(bubble, message.text, message.entities);
  if (message.caption !== null) renderText(bubble, message.caption, message.caption_entities);
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = (message.edited ? "diedit · " : "") + timeOf(message.date);
  bubble.append(meta);
  node.append(bubble);
  if (message.buttons.length) node.append(keyboard(message));
  if (old) { old.replaceWith(node); return; }
  const later = [...list.querySelectorAll(".msg")].find((m) => Number(m.dataset.id) > message.id);
  list.insertBefore(node, later || null);
}

function toast(text, alert) {
  if (alert) {
    $("alert-text").textContent = text;
    $("alert").showModal();
    return;
  }
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(box.timer);
  box.timer = setTimeout(() => { box.hidden = true; }, 2500);
}

async function follow(user) {
  const controller = new AbortController();
  state.poll = controller;
  while (state.user === user && !controller.signal.aborted) {
    try {
      const url = `/chat/api/${user}/events?after=${state.rev}`;
      const update = await api(url, { signal: controller.signal });
      if (state.user !== user) return;
      const list = $("messages");
      const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
      update.messages.forEach(draw);
      update.toasts.forEach((t) => toast(t.text, t.alert));
      state.rev = update.rev;
      if (update.messages.length && (atBottom || update.messages.some((m) => !m.from_bot))) {
        list.scrollTop = list.scrollHeight;
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
}

// -- what the user does ---------------------------------------------------------------------
async function press(messageId, data) {
  try {
    await post(`/chat/api/${state.user}/press`, { message_id: messageId, data });
  } catch (error) {
    toast("Tombol ini sudah tidak berlaku.", false);
  }
}

async function sendText(text) {
  if (!text.trim()) return;
  await post(`/chat/api/${state.user}/send`, { text });
}

async function sendFile(file) {
  const form = new FormData();
  form.append("file", file, file.name);
  const caption = $("text").value.trim();
  if (caption) form.append("caption", caption);
  if (file.type.startsWith("image/")) {
    form.append("as", "photo");
    const size = await imageSize(file);
    form.append("width", size[0]);
    form.append("height", size[1]);
  }
  $("text").value = "";
  await api(`/chat/api/${state.user}/upload`, { method: "POST", body: form });
}

function imageSize(file) {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => { resolve([img.naturalWidth, img.naturalHeight]); URL.revokeObjectURL(img.src); };
    img.onerror = () => resolve([800, 600]);
    img.src = URL.createObjectURL(file);
  });
}

async function loadCommands(language) {
  const data = await api(`/chat/api/commands?lang=${encodeURIComponent(language)}`);
  state.commands = data.commands;
  const menu = $("menu");
  menu.replaceChildren();
  for (const command of state.commands) {
    const item = document.createElement("button");
    item.type = "button";
    const name = document.createElement("span");
    name.className = "cmd";
    name.textContent = `/${command.command}`;
    const description = document.createElement("span");
    description.className = "desc";
    description.textContent = command.description;
    item.append(name, description);
    item.addEventListener("click", () => { menu.hidden = true; sendText(`/${command.command}`); });
    menu.append(item);
  }
}

function choose(person) {
  if (state.poll) state.poll.abort();
  state.user = person.user_id;
  state.rev = 0;
  localStorage.setItem("kinerja-user", String(person.user_id));
  $("who").textContent = `${person.name} · ${person.role}`;
  $("messages").replaceChildren();
  $("people").hidden = true;
  $("menu").hidden = true;
  loadCommands(person.language).catch(() => {});
  follow(person.user_id);
  $("text").focus();
}

function showPeople() {
  const list = $("people-list");
  list.replaceChildren();
  for (const person of state.people) {
    const card = document.createElement("button");
    card.type = "button";
    card.className = "person";
    card.dataset.user = person.user_id;
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = person.name;
    const role = document.createElement("div");
    role.className = "role";
    role.textContent = person.role;
    card.append(name, role);
    card.addEventListener("click", () => choose(person));
    list.append(card);
  }
  $("people").hidden = false;
}

async function moveClock(to) {
  const data = await post("/chat/api/clock", { to });
  $("clock-now").textContent = `Waktu demo: ${data.label}`;
  toast(`Waktu demo: ${data.label}`, false);
}

async function start() {
  const data = await api("/chat/api/people");
  state.people = data.people;
  $("bot-name").textContent = data.bot;
  if (data.clock) {
    $("clock-toggle").hidden = false;
    api("/chat/api/clock").then((c) => { $("clock-now").textContent = `Waktu demo: ${c.label}`; });
  }
  const saved = state.people.find((p) => String(p.user_id) === localStorage.getItem("kinerja-user"));
  if (saved) choose(saved); else showPeople();
}

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("text").value;
  $("text").value = "";
  try { await sendText(text); } catch (error) { toast("Pesan tidak terkirim.", false); }
});
$("switch").addEventListener("click", showPeople);
$("menu-toggle").addEventListener("click", () => { $("menu").hidden = !$("menu").hidden; });
$("attach").addEventListener("click", () => $("file").click());
$("file").addEventListener("change", async () => {
  const file = $("file").files[0];
  $("file").value = "";
  if (file) { try { await sendFile(file); } catch (error) { toast("Berkas tidak terkirim.", false); } }
});
$("clock-toggle").addEventListener("click", () => { $("clock").hidden = !$("clock").hidden; });
for (const button of document.querySelectorAll("#clock button")) {
  button.addEventListener("click", () => moveClock(button.dataset.to).catch(() => toast("Gagal.", false)));
}
start();
