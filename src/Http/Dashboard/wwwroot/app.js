// Zhtp.Storage node dashboard (docs/api.md, "Dashboard"). Plain script, no build step, no third-party code.
// Every request carries the API token as a bearer header; data from the API is written with textContent only.
'use strict';
(function () {
  const TOKEN_KEY = 'zhtp.dashboard.token';
  const PAGE_SIZE = 20;
  const REFRESH_MS = 10000;
  const $ = (id) => document.getElementById(id);

  let token = null;
  let refreshTimer = null;
  let cursors = [null]; // cursors[i] opens page i; the last one is the page shown
  let nextCursor = null;
  let query = '';

  // ---- API calls and their errors (RFC 9457 problem details) ----

  class ApiError extends Error {
    constructor(status, title, detail) {
      super(detail ? title + ': ' + detail : title);
      this.status = status;
    }
  }

  function problemFrom(status, statusText, contentType, body) {
    if (contentType && contentType.indexOf('json') >= 0 && body) {
      try {
        const p = JSON.parse(body);
        if (p && (p.title || p.detail)) {
          return new ApiError(status, p.title || ('HTTP ' + status), p.detail || '');
        }
      } catch (e) { /* not JSON after all: fall through */ }
    }
    return new ApiError(status, 'HTTP ' + status + (statusText ? ' ' + statusText : ''),
      body && body.length < 300 ? body : 'the node answered without a problem description');
  }

  async function api(path, init) {
    init = init || {};
    const headers = new Headers(init.headers || {});
    if (token && !init.anonymous) headers.set('Authorization', 'Bearer ' + token);
    let response;
    try {
      response = await fetch(path, { method: init.method || 'GET', headers: headers, body: init.body, cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, 'Network error', 'the node did not answer (' + e.message + '); is it still running?');
    }
    if (!response.ok && !(init.accept && init.accept.indexOf(response.status) >= 0)) {
      throw problemFrom(response.status, response.statusText, response.headers.get('Content-Type'), await response.text());
    }
    return response;
  }

  async function json(path, init) {
    const response = await api(path, init);
    return response.status === 204 ? null : response.json();
  }

  function showError(e) {
    $('error-text').textContent = e instanceof Error ? e.message : String(e);
    $('error').hidden = false;
  }

  // ---- formatting ----

  function bytes(n) {
    if (n === null || n === undefined || isNaN(n)) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 2 : 1)) + ' ' + units[i];
  }

  function when(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  function duration(text) { // TimeSpan "d.hh:mm:ss.fffffff" or "hh:mm:ss.fffffff"
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(text || '');
    if (!m) return text || '';
    const d = +(m[1] || 0), h = +m[2], min = +m[3];
    return d > 0 ? d + 'd ' + h + 'h' : h > 0 ? h + 'h ' + min + 'm' : min + 'm ' + (+m[4]) + 's';
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function setValue(id, text, state) {
    const e = $(id);
    e.textContent = text;
    e.classList.remove('ok', 'warn', 'bad');
    if (state) e.classList.add(state);
  }

  // ---- sign in and out ----

  async function signIn(candidate) {
    token = candidate;
    const info = await json('/api/v1/info'); // read scope: proves the token before it is kept
    sessionStorage.setItem(TOKEN_KEY, candidate);
    $('whoami').textContent = 'node ' + info.nodeId.slice(0, 12) + '…';
    $('signin').hidden = true;
    $('session').hidden = false;
    $('app').hidden = false;
    $('error').hidden = true;
    cursors = [null];
    query = '';
    $('search').value = '';
    refreshNode();
    refreshTimer = setInterval(refreshNode, REFRESH_MS);
    await loadPage();
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    if (refreshTimer) clearInterval(refreshTimer);
    refreshTimer = null;
    $('items').replaceChildren();
    $('uploads').replaceChildren();
    $('peers').replaceChildren();
    $('app').hidden = true;
    $('session').hidden = true;
    $('signin').hidden = false;
    $('token').value = '';
    $('token').focus();
  }

  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = $('token').value.trim();
    $('signin-error').hidden = true;
    $('signin-button').disabled = true;
    try {
      await signIn(candidate);
      $('token').value = '';
    } catch (e) {
      token = null;
      sessionStorage.removeItem(TOKEN_KEY);
      $('signin-error').textContent = e.message;
      $('signin-error').hidden = false;
    } finally {
      $('signin-button').disabled = false;
    }
  });
  $('signout').addEventListener('click', signOut);
  $('error-close').addEventListener('click', () => { $('error').hidden = true; });

  // ---- node panel ----

  async function refreshNode() {
    if (!token) return;
    try {
      const health = await json('/api/v1/health', { anonymous: true, accept: [503] });
      setValue('health', health.ready ? 'Ready' : health.status === 'stopped' ? 'Stopped' : 'Not ready', health.ready ? 'ok' : 'bad');
      const reasons = [];
      if (!health.joined) reasons.push('no DHT contact');
      if (!health.storeWritable) reasons.push('store not writable');
      $('health-detail').textContent = reasons.length ? reasons.join(', ') : 'joined, store writable';
      setValue('peers-count', String(health.contacts), health.contacts > 0 ? null : 'warn');
      setValue('storage-used', bytes(health.storageUsedBytes));
      $('storage-quota').textContent = health.storageQuotaBytes > 0
        ? 'of ' + bytes(health.storageQuotaBytes) + ' (' + Math.round(100 * health.storageUsedBytes / health.storageQuotaBytes) + '%)'
        : 'no quota';
      const info = await json('/api/v1/info');
      $('node-info').textContent = 'id ' + info.nodeId + ' · ' + info.endPoint + ' · version ' + info.version +
        ' · economics ' + (info.economicsEnabled ? 'on' : 'off') + ' · started ' + when(info.startedAt);
      await refreshAdmin();
      $('node-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (e.status === 401) { signOut(); $('signin-error').textContent = e.message; $('signin-error').hidden = false; return; }
      showError(e);
    }
  }

  async function refreshAdmin() {
    let stats, peers;
    try {
      stats = await json('/api/v1/stats');
      peers = await json('/api/v1/peers');
    } catch (e) {
      if (e.status !== 403) throw e;
      $('admin-note').hidden = false;
      for (const id of ['contracts', 'audits', 'content-items']) setValue(id, '—');
      return;
    }
    $('admin-note').hidden = true;
    const eco = stats.economic || {};
    setValue('contracts', String(eco.activeContracts ?? 0));
    $('contracts-detail').textContent = 'active of ' + (eco.totalContracts ?? 0) + ' total';
    const run = eco.auditsRun ?? 0, passed = eco.auditsPassed ?? 0;
    setValue('audits', run ? passed + ' / ' + run : '0', run && passed < run ? 'warn' : null);
    $('audits-detail').textContent = run ? 'passed / run (' + Math.round(100 * passed / run) + '%)' : 'none run yet';
    const storage = stats.storage || {};
    setValue('content-items', String(storage.contentItems ?? 0));
    $('content-detail').textContent = bytes(storage.originalBytes) + ' original · up ' + duration(stats.uptime);
    const rows = peers.map((p) => {
      const tr = el('tr');
      tr.append(el('td', 'mono', p.nodeId), el('td', 'mono', p.endPoint));
      return tr;
    });
    $('peers').replaceChildren(...rows);
  }

  // ---- listing, search, paging ----

  async function loadPage() {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (query) params.set('q', query);
    const cursor = cursors[cursors.length - 1];
    if (cursor) params.set('cursor', cursor);
    try {
      const page = await json('/api/v1/content?' + params.toString());
      nextCursor = page.nextCursor;
      renderItems(page.items);
    } catch (e) {
      showError(e);
    }
  }

  function renderItems(items) {
    $('items').replaceChildren(...items.map(itemRow));
    $('empty').hidden = items.length > 0;
    $('empty').textContent = query ? 'No content matches "' + query + '".' : 'Nothing here yet: upload a file above.';
    $('prev').disabled = cursors.length <= 1;
    $('next').disabled = !nextCursor;
    $('page').textContent = 'page ' + cursors.length + (query ? ' · search "' + query + '"' : '');
  }

  function itemRow(item) {
    const tr = el('tr');
    tr.dataset.id = item.id;
    tr.dataset.filename = item.filename;
    const name = el('td');
    name.append(el('span', 'name', item.filename || '(no name)'), el('span', 'id mono', item.id));
    const actions = el('td', 'actions');
    const download = el('button', 'download', 'Download');
    download.type = 'button';
    download.addEventListener('click', () => downloadItem(item, download));
    const versions = el('button', 'versions-toggle secondary', 'Versions');
    versions.type = 'button';
    versions.addEventListener('click', () => toggleVersions(tr, item));
    const share = el('button', 'share-toggle secondary', 'Share');
    share.type = 'button';
    share.addEventListener('click', () => toggleShare(tr, item));
    const remove = el('button', 'delete danger', 'Delete');
    remove.type = 'button';
    remove.addEventListener('click', () => deleteItem(tr, item, remove));
    actions.append(download, versions, share, remove);
    const idSpan = name.lastChild;
    idSpan.title = item.id;
    tr.append(name, el('td', 'mono small', item.contentType), el('td', 'num', bytes(item.size)), el('td', null, item.access),
      el('td', 'small', when(item.created)), actions);
    return tr;
  }

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    query = $('search').value.trim();
    cursors = [null];
    loadPage();
  });
  $('search-clear').addEventListener('click', () => {
    $('search').value = '';
    query = '';
    cursors = [null];
    loadPage();
  });
  $('next').addEventListener('click', () => { if (nextCursor) { cursors.push(nextCursor); loadPage(); } });
  $('prev').addEventListener('click', () => { if (cursors.length > 1) { cursors.pop(); loadPage(); } });

  // ---- download: fetch with the bearer header, then a blob link (a plain link cannot carry the header) ----

  // version: null for the latest; a number saves NAME.vN.EXT (GET ?version=N).
  async function downloadItem(item, button, version) {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = 'Downloading…';
    try {
      const response = await api('/api/v1/content/' + encodeURIComponent(item.id) + (version ? '?version=' + version : ''));
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = el('a');
      a.href = url;
      a.download = version ? versionedName(item.filename || item.id, version) : (item.filename || item.id);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      button.textContent = 'Downloaded';
    } catch (e) {
      button.textContent = label;
      showError(e);
    } finally {
      button.disabled = false;
    }
  }

  function versionedName(name, version) {
    const dot = name.lastIndexOf('.');
    return dot > 0 ? name.slice(0, dot) + '.v' + version + name.slice(dot) : name + '.v' + version;
  }

  // ---- delete: a second click within 5 s confirms (no modal dialog) ----

  async function deleteItem(tr, item, button) {
    if (!button.classList.contains('armed')) {
      button.classList.add('armed');
      button.textContent = 'Confirm delete';
      setTimeout(() => { if (button.isConnected && !button.disabled) { button.classList.remove('armed'); button.textContent = 'Delete'; } }, 5000);
      return;
    }
    button.disabled = true;
    button.textContent = 'Deleting…';
    try {
      await api('/api/v1/content/' + encodeURIComponent(item.id), { method: 'DELETE' });
      closeDetails(tr);
      tr.remove();
      await loadPage();
      refreshNode();
    } catch (e) {
      button.disabled = false;
      button.classList.remove('armed');
      button.textContent = 'Delete';
      showError(e);
    }
  }

  // The detail rows (versions, share) open under an item's row.
  function closeDetails(tr) {
    while (tr.nextElementSibling && tr.nextElementSibling.classList.contains('detail')) tr.nextElementSibling.remove();
  }

  function openDetail(tr, kind) {
    for (let r = tr.nextElementSibling; r && r.classList.contains('detail'); r = r.nextElementSibling) {
      if (r.classList.contains(kind)) return r;
    }
    return null;
  }

  // Opens the detail row KIND under TR and returns its cell, or closes it (and returns null) when it is open.
  function detailRow(tr, kind) {
    const open = openDetail(tr, kind);
    if (open) { open.remove(); return null; }
    const row = el('tr', 'detail ' + kind);
    const td = el('td');
    td.colSpan = 6;
    row.append(td);
    tr.after(row);
    return td;
  }

  // ---- versions: list them, download any one ----

  function toggleVersions(tr, item) {
    const td = detailRow(tr, 'versions');
    if (!td) return;
    const list = el('table', 'list versions-list');
    const status = el('p', 'note muted', 'Loading versions…');
    td.append(list, status);
    td.listVersions = async () => {
      try {
        const versions = await json('/api/v1/content/' + encodeURIComponent(item.id) + '/versions');
        const head = el('tr');
        head.append(el('th', null, 'Version'), el('th', null, 'Created'), el('th', 'num', 'Size'), el('th', null, 'Manifest'), el('th'));
        const rows = versions.slice().reverse().map((v) => {
          const row = el('tr');
          row.dataset.version = String(v.version);
          const get = el('button', 'version-download secondary', 'Download v' + v.version);
          get.type = 'button';
          get.addEventListener('click', () => downloadItem(item, get, v.version));
          const cell = el('td', 'actions');
          cell.append(get);
          row.append(el('td', null, 'v' + v.version + (v.version === versions[versions.length - 1].version ? ' (latest)' : '')),
            el('td', 'small', when(v.created)), el('td', 'num', bytes(v.length)), el('td', 'mono manifest', v.manifestKey), cell);
          return row;
        });
        list.replaceChildren(head, ...rows);
        status.textContent = versions.length === 1 ? 'One version.' : versions.length + ' versions, newest first.';
      } catch (e) {
        status.className = 'note error';
        status.textContent = e.message;
      }
    };
    td.listVersions();
  }

  // ---- share: grant read access to an identity, revoke a reader ----

  function toggleShare(tr, item) {
    const td = detailRow(tr, 'share');
    if (!td) return;
    const form = el('form');
    form.method = 'post';
    const input = el('input');
    input.type = 'text';
    input.placeholder = 'identity name or id, or a public identity document (base64 of identity.pub)';
    input.spellcheck = false;
    const grant = el('button', null, 'Grant read access');
    grant.type = 'submit';
    const status = el('span', 'note');
    form.append(input, grant, status);
    const grants = el('div', 'grants');
    td.append(form, grants);
    if (item.access !== 'Restricted') {
      td.append(el('p', 'note muted', 'Only Restricted content can be shared; this one is ' + item.access + '.'));
    }
    input.focus();
    const revoke = async (grantee, button) => {
      button.disabled = true;
      button.textContent = 'Revoking…';
      status.className = 'note';
      try {
        const receipt = await json('/api/v1/content/' + encodeURIComponent(item.id) + '/grants/' + encodeURIComponent(grantee.identityId), { method: 'DELETE' });
        status.textContent = 'Revoked ' + grantee.identityId.slice(0, 16) + '…: version ' + receipt.version + ' is under a new key.';
        await listGrants();
        const versions = openDetail(tr, 'versions');
        if (versions) versions.firstChild.listVersions(); // revoking added a version
      } catch (e) {
        button.disabled = false;
        button.textContent = 'Revoke';
        status.className = 'note error';
        status.textContent = e.message;
      }
    };
    const listGrants = async () => {
      try {
        const list = await json('/api/v1/content/' + encodeURIComponent(item.id) + '/grants');
        if (!list.length) {
          grants.replaceChildren(el('p', 'muted', 'No readers granted yet.'));
          return;
        }
        const ul = el('ul', 'readers');
        for (const g of list) {
          const li = el('li');
          li.dataset.identity = g.identityId;
          const button = el('button', 'revoke danger', 'Revoke');
          button.type = 'button';
          button.addEventListener('click', () => revoke(g, button));
          li.append(el('span', 'mono', g.identityId.slice(0, 16) + '…'), el('span', 'muted', ' (' + g.kind + ') '), button);
          ul.append(li);
        }
        grants.replaceChildren(el('p', null, 'Readers:'), ul);
      } catch (e) {
        grants.replaceChildren(el('p', 'error', e.message));
      }
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const identity = input.value.trim();
      if (!identity) return;
      grant.disabled = true;
      status.className = 'note';
      status.textContent = 'Granting…';
      try {
        // A name (a-z, 0-9, '-', '_') or a 64-hex id names an identity the node knows; anything longer is taken as
        // the base64 of a public identity document (identity.pub), for a reader the node has never seen.
        const isDocument = identity.length > 100 && !/^[0-9a-f]{64}$/i.test(identity);
        await json('/api/v1/content/' + encodeURIComponent(item.id) + '/grants', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(isDocument ? { publicIdentity: identity } : { identity: identity }),
        });
        status.textContent = 'Granted to ' + (isDocument ? 'the identity in that document' : identity) + '.';
        input.value = '';
        listGrants();
      } catch (e) {
        status.className = 'note error';
        status.textContent = e.message;
      } finally {
        grant.disabled = false;
      }
    });
    listGrants();
  }

  // ---- upload: drag and drop or the picker; XMLHttpRequest for upload progress ----

  function uploadFile(file) {
    const li = el('li');
    const progress = el('progress');
    progress.max = 100;
    progress.value = 0;
    const status = el('span', 'small', 'starting…');
    li.append(el('span', 'name', file.name), progress, status);
    $('uploads').prepend(li);

    const params = new URLSearchParams({ filename: file.name, access: $('access').value });
    const tags = $('tags').value.trim();
    if (tags) params.set('tags', tags);
    const description = $('description').value.trim();
    if (description) params.set('description', description);
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/content?' + params.toString());
      xhr.setRequestHeader('Authorization', 'Bearer ' + token);
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) {
          progress.value = Math.round(100 * e.loaded / e.total);
          status.textContent = bytes(e.loaded) + ' of ' + bytes(e.total);
        }
      });
      xhr.addEventListener('load', () => {
        if (xhr.status === 201) {
          progress.value = 100;
          status.className = 'small done';
          status.textContent = 'stored · ' + bytes(file.size);
          li.dataset.id = JSON.parse(xhr.responseText).id;
          li.classList.add('done');
        } else {
          const e = problemFrom(xhr.status, xhr.statusText, xhr.getResponseHeader('Content-Type'), xhr.responseText);
          status.className = 'small failed';
          status.textContent = e.message;
          li.classList.add('failed');
        }
        resolve();
      });
      xhr.addEventListener('error', () => {
        status.className = 'small failed';
        status.textContent = 'Network error: the upload did not reach the node.';
        li.classList.add('failed');
        resolve();
      });
      xhr.send(file);
    });
  }

  async function uploadAll(files) {
    for (const file of Array.from(files)) {
      await uploadFile(file);
    }
    cursors = [null];
    await loadPage();
    refreshNode();
  }

  $('file-input').addEventListener('change', () => {
    const files = $('file-input').files;
    if (files && files.length) uploadAll(files).finally(() => { $('file-input').value = ''; });
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer && e.dataTransfer.files.length) uploadAll(e.dataTransfer.files);
  });
  // A file dropped outside the drop zone must not make the browser navigate away from the dashboard.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  // ---- start ----

  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    signIn(saved).catch((e) => {
      token = null;
      sessionStorage.removeItem(TOKEN_KEY);
      $('signin-error').textContent = e.message;
      $('signin-error').hidden = false;
    });
  }
  document.body.dataset.ready = 'true';
})();
