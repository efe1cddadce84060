// zoom-hub's pages: sign in, the meetings a user may see, and a meeting's live room.
import { Bridge } from './bridge.js';

const view = document.getElementById('view');
const banner = document.getElementById('banner');
const TOKEN = 'zoomhub.token';
let bridge = null;
let me = null;
let leaveRoom = () => {};

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const time = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—');
const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '—');

function say(message) { banner.textContent = message; banner.hidden = !message; }

async function api(path) {
  const r = await fetch(path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN) } });
  const body = r.headers.get('Content-Type')?.includes('json') ? await r.json() : null;
  if (r.status === 401) { signOut(body?.error === 'token_expired' ? 'Your sign-in has expired. Please sign in again.' : 'Please sign in.'); throw new Error('401'); }
  if (!r.ok) throw Object.assign(new Error(body?.message || r.statusText), { status: r.status });
  return body;
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN);
  if (bridge) { bridge.close(); bridge = null; }
  me = null;
  location.hash = '#/signin';
  say(message || '');
}

function bridgeFor(token) {
  if (!bridge) {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/eventbus/websocket';
    bridge = new Bridge(url, token);
    bridge.onstate = (s) => { document.body.dataset.bridge = s; };
  }
  return bridge;
}

// ---- sign in -------------------------------------------------------------------------------------------------------
async function signInView() {
  view.innerHTML = `<h1>Sign in</h1>
    <div class="card"><form id="token-form"><label for="token">Paste your access token</label>
      <textarea id="token" required autocomplete="off" spellcheck="false"></textarea>
      <p><button class="button" type="submit">Sign in</button></p></form></div>
    <div id="demo"></div>`;
  document.getElementById('token-form').onsubmit = (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN, document.getElementById('token').value.trim());
    location.hash = '#/meetings';
  };
  const demo = await fetch('/api/demo/users').then((r) => (r.ok ? r.json() : null)).catch(() => null);
  if (demo) {
    document.getElementById('demo').innerHTML = `<div class="card"><h2>Demo school</h2><p class="muted">This hub runs in demo mode: sign in as</p>
      <ul class="meetings">${demo.items.map((u, i) => `<li><button class="button secondary" data-i="${i}" type="button">${esc(u.name)}</button> <span class="muted">${esc(u.role)}</span></li>`).join('')}</ul></div>`;
    document.querySelectorAll('#demo button').forEach((b) => { b.onclick = () => { sessionStorage.setItem(TOKEN, demo.items[b.dataset.i].token); location.hash = '#/meetings'; }; });
  }
}

// ---- meetings -----------------------------------------------------------------------------------------------------
async function meetingsView() {
  const list = await api('/api/meetings');
  view.innerHTML = `<h1>Meetings</h1><div class="card">${list.items.length ? '' : '<p>No meetings you can see yet.</p>'}
    <ul class="meetings">${list.items.map((m) => `<li>
      <a href="#/meetings/${m.id}">${esc(m.title)}</a><span class="muted">${time(m.startTime)}</span>
      <span class="badge ${m.status}" id="badge-${m.id}">${m.status}</span></li>`).join('')}</ul></div>`;
  const b = bridgeFor(sessionStorage.getItem(TOKEN));
  const addresses = list.items.slice(0, 60).map((m) => `meetings.${m.id}`);
  addresses.forEach((a) => b.register(a, (err, msg) => {
    if (err || msg?.type !== 'meeting.status') return;
    const badge = document.getElementById('badge-' + msg.meetingId);
    if (badge) { badge.textContent = msg.status; badge.className = 'badge ' + msg.status; }
  }));
  leaveRoom = () => addresses.forEach((a) => b.unregister(a));
}

// ---- a meeting's room ---------------------------------------------------------------------------------------------
async function roomView(id) {
  const meeting = await api('/api/meetings/' + id).catch((e) => { if (e.status === 404) return null; throw e; });
  if (!meeting) { view.innerHTML = '<h1>Not found</h1><p>This meeting does not exist, or you may not see it.</p>'; return; }
  const staff = me.role !== 'student';
  const state = { seq: 0, people: new Map(), status: meeting.status, startedAt: null, endedAt: null, attendance: null };
  view.innerHTML = `<p><a href="#/meetings">← All meetings</a></p>
    <h1 id="title">${esc(meeting.title)}</h1>
    <p class="muted">Scheduled ${time(meeting.startTime)}${meeting.duration ? `, ${meeting.duration} min` : ''}</p>
    <div class="card"><p>Status: <strong id="status" class="badge ${meeting.status}">${meeting.status}</strong>
      <span id="times" class="muted"></span></p>
      <div class="actions">${meeting.joinUrl ? `<a class="button" href="${esc(meeting.joinUrl)}" target="_blank" rel="noopener">Join in Zoom</a>` : ''}
      ${meeting.startUrl ? `<a class="button secondary" href="${esc(meeting.startUrl)}" target="_blank" rel="noopener">Start (host)</a>` : ''}</div></div>
    ${staff ? `<section class="card" id="participants-panel" aria-labelledby="people-h"><h2 id="people-h">In the meeting now: <span id="in-count">0</span></h2>
      <table><thead><tr><th>Name</th><th>Joined</th><th>Minutes</th></tr></thead><tbody id="people"></tbody></table></section>` : ''}
    <section class="card" id="attendance-panel" hidden aria-labelledby="att-h"><h2 id="att-h">Attendance</h2><div id="attendance-summary"></div></section>`;
  const b = bridgeFor(sessionStorage.getItem(TOKEN));
  const addresses = [`meetings.${id}`];
  if (staff) addresses.push(`meetings.${id}.participants`, `meetings.${id}.attendance`);

  const render = () => {
    const s = document.getElementById('status');
    s.textContent = state.status; s.className = 'badge ' + state.status;
    document.getElementById('times').textContent = state.startedAt ? ` started ${clock(state.startedAt)}${state.endedAt ? `, ended ${clock(state.endedAt)}` : ''}` : '';
    if (staff) {
      const people = [...state.people.values()].sort((a, b2) => (a.joinTime || '').localeCompare(b2.joinTime || ''));
      document.getElementById('in-count').textContent = people.length;
      document.getElementById('people').innerHTML = people.map((p) => `<tr data-id="${p.id}"><td>${esc(p.name)}${p.userId ? '' : '<span class="guest">guest</span>'}</td>
        <td>${clock(p.joinTime)}</td><td>${p.joinTime ? Math.max(0, Math.floor((Date.now() - Date.parse(p.joinTime)) / 60000)) : 0}</td></tr>`).join('');
    }
    renderAttendance();
  };
  const renderAttendance = () => {
    const a = state.attendance;
    const panel = document.getElementById('attendance-panel');
    if (!a) { panel.hidden = true; return; }
    panel.hidden = false;
    const counts = a.counts ? `<ul class="counts">${Object.entries(a.counts).map(([k, v]) => `<li>${k}: <strong>${v}</strong></li>`).join('')}</ul>` : '';
    document.getElementById('attendance-summary').innerHTML = counts + `<table><thead><tr><th>Student</th><th>Status</th><th>Minutes</th></tr></thead><tbody>
      ${a.records.map((r) => `<tr><td>${esc(r.name)}</td><td>${esc(r.status)}</td><td>${r.minutes}</td></tr>`).join('')}</tbody></table>`;
  };

  // The attendance is computed just after the end is published. Staff are also told on the attendance address;
  // a student may not follow that address, so the page asks again (1, 2, 4, 8, 16 s) until the records are there.
  let attendanceRetry = null;
  const loadAttendance = async (attempt = 0) => {
    clearTimeout(attendanceRetry);
    if (state.status !== 'ended') return;
    const att = await api(`/api/meetings/${id}/attendance`).catch(() => null);
    const last = att?.occurrences?.[att.occurrences.length - 1];
    if (last && last.records.length && (!state.endedAt || Date.parse(last.endedAt) === Date.parse(state.endedAt))) {
      const counts = staff ? last.records.reduce((c, r) => ({ ...c, [r.status]: (c[r.status] || 0) + 1 }), {}) : null;
      state.attendance = { counts, records: last.records };
      renderAttendance();
    } else if (attempt < 5) {
      attendanceRetry = setTimeout(() => loadAttendance(attempt + 1), 1000 * 2 ** attempt);
    }
  };

  const resync = async () => {
    try {
      const snap = await b.request(`meetings.${id}.snapshot`);
      state.seq = snap.seq;
      state.status = snap.meeting.status;
      state.startedAt = snap.instance?.startedAt; state.endedAt = snap.instance?.endedAt;
      state.people = new Map(snap.participants.map((p) => [p.id, p]));
      render();
      loadAttendance();
    } catch (e) {
      if (e?.failureType) denied(e); else setTimeout(resync, 2000);
    }
  };
  const denied = (err) => {
    if (err.failureType === 'token_expired') say('Your sign-in has expired: live updates stopped. Sign in again to continue.');
    else if (err.address?.endsWith('.participants') || err.address?.endsWith('.attendance')) {
      document.getElementById('participants-panel')?.remove();
    } else say('You may not follow this meeting live: ' + (err.message || err.failureType));
  };
  const onMessage = (err, msg) => {
    if (err) { denied(err); return; }
    if (msg.seq <= state.seq) return;                 // already in the snapshot
    if (msg.seq !== state.seq + 1) { resync(); return; }   // a gap: something was missed
    state.seq = msg.seq;
    if (msg.type === 'meeting.status') {
      state.status = msg.status; state.startedAt = msg.startedAt; state.endedAt = msg.endedAt;
      if (msg.status === 'ended') loadAttendance();
    } else if (msg.type === 'participant.joined' || msg.type === 'participant.left') {
      if (msg.participant.leaveTime) state.people.delete(msg.participant.id); else state.people.set(msg.participant.id, msg.participant);
    } else if (msg.type === 'attendance.finalized') {
      state.attendance = { counts: msg.counts, records: msg.records };
    }
    render();
  };
  addresses.forEach((a) => b.register(a, onMessage));
  b.onreconnect = resync;
  await resync();
  const tick = setInterval(render, 15000);
  leaveRoom = () => { clearInterval(tick); clearTimeout(attendanceRetry); addresses.forEach((a) => b.unregister(a)); b.onreconnect = () => {}; };
}

// ---- routing ------------------------------------------------------------------------------------------------------
async function route() {
  leaveRoom(); leaveRoom = () => {};
  const hash = location.hash || '#/meetings';
  const token = sessionStorage.getItem(TOKEN);
  document.getElementById('sign-out').hidden = !token;
  if (!token || hash === '#/signin') { document.getElementById('who').textContent = ''; await signInView(); return; }
  try {
    if (!me) {
      me = await api('/api/me');
      document.getElementById('who').textContent = `${me.name} (${me.role})`;
    }
    const room = hash.match(/^#\/meetings\/([0-9a-f-]{36})$/);
    if (room) await roomView(room[1]); else await meetingsView();
    view.focus();
  } catch (e) {
    if (e.message !== '401') say('Something went wrong: ' + e.message);
  }
}

document.getElementById('sign-out').onclick = () => signOut('You are signed out.');
window.addEventListener('hashchange', () => { say(''); route(); });
route();
