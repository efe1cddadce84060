// The hub's event bus, spoken over the raw WebSocket endpoint (/eventbus/websocket): one JSON frame per message.
// Registers, unregisters, sends with a reply, pings every 5 s, reconnects with backoff and registers again.
// The token rides in every frame's headers, as the hub requires.

// crypto.randomUUID exists only in secure contexts (https or localhost); a school may serve the hub over its LAN
function uuid() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class Bridge {
  constructor(url, token) {
    this.url = url;
    this.token = token;
    this.handlers = new Map();      // address -> callback(err, body)
    this.replies = new Map();       // reply address -> {resolve, reject, timer}
    this.onstate = () => {};        // 'open' | 'reconnecting' | 'closed'
    this.onreconnect = () => {};
    this.attempt = 0;
    this.closed = false;
    this.connect();
  }

  connect() {
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      const again = this.attempt > 0;
      this.attempt = 0;
      this.ping = setInterval(() => this.write({ type: 'ping' }), 5000);
      this.write({ type: 'ping' });
      for (const address of this.handlers.keys()) this.write(this.frame('register', address));
      this.onstate('open');
      if (again) this.onreconnect();
    };
    ws.onmessage = (event) => {
      const text = typeof event.data === 'string' ? event.data : new TextDecoder().decode(event.data);
      let frame;
      try { frame = JSON.parse(text); } catch { return; }
      this.dispatch(frame);
    };
    ws.onclose = () => {
      clearInterval(this.ping);
      for (const [, pending] of this.replies) pending.reject(new Error('connection lost'));
      this.replies.clear();
      if (this.closed) { this.onstate('closed'); return; }
      this.onstate('reconnecting');
      const delay = Math.min(10000, 500 * 2 ** this.attempt++) * (0.75 + Math.random() / 2);
      setTimeout(() => this.connect(), delay);
    };
  }

  dispatch(frame) {
    // what arrived, per address: cheap, and lets a test (or a curious admin in the console) see the socket is live
    if (frame.address) (globalThis.zoomhubSeen ||= {})[frame.address] = ((globalThis.zoomhubSeen[frame.address]) || 0) + 1;
    const pending = this.replies.get(frame.address);
    if (pending) {
      this.replies.delete(frame.address);
      clearTimeout(pending.timer);
      if (frame.type === 'rec') pending.resolve(frame.body); else pending.reject(frame);
      return;
    }
    const handler = this.handlers.get(frame.address);
    if (!handler) return;                          // address-less "rejected" frames come with an addressed one
    if (frame.type === 'rec') handler(null, frame.body);
    else if (frame.type === 'err') handler(frame, null);
  }

  frame(type, address, extra = {}) {
    return { type, address, headers: { Authorization: 'Bearer ' + this.token }, ...extra };
  }

  write(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  register(address, callback) {
    this.handlers.set(address, callback);
    this.write(this.frame('register', address));
  }

  unregister(address) {
    if (this.handlers.delete(address)) this.write(this.frame('unregister', address));
  }

  request(address, body = {}, timeoutMs = 10000) {
    const replyAddress = uuid();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.replies.delete(replyAddress); reject(new Error('no answer')); }, timeoutMs);
      this.replies.set(replyAddress, { resolve, reject, timer });
      this.write(this.frame('send', address, { replyAddress, body }));
    });
  }

  /** A newer token: used by every later frame (the hub lets it replace the old one for the same user). */
  setToken(token) { this.token = token; }

  close() { this.closed = true; if (this.ws) this.ws.close(); }
}
