/* Marsad web view: what every page shares. Data from the server is only ever put in the page with
   textContent or as attribute values set by the DOM API, never parsed as HTML. */
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('config').textContent);
  const t = config.labels;

  /* el('a', {className: 'x', href: '/events/1', text: 'label'}, child, ...) */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function typeName(value) {
    return (value && config.types[value]) || value || '';
  }

  function slug(eventType) {
    return config.slugs[eventType] || 'other';
  }

  function eventUrl(eventId) {
    return '/events/' + encodeURIComponent(String(eventId)) + '?lang=' + encodeURIComponent(config.lang);
  }

  function placeName(location) {
    if (!location) return '';
    return (config.lang === 'ar' ? location.name_ar || location.name : location.name || location.name_ar) || '';
  }

  /* Light the words of a field: every piece of the article whose data-fields names it. */
  function wireHighlights(fieldsRoot, textRoot) {
    const pieces = Array.from(textRoot.querySelectorAll('.seg'));
    function light(field, on) {
      for (const piece of pieces) {
        if (piece.dataset.fields.split(' ').includes(field)) piece.classList.toggle('lit', on);
      }
    }
    for (const row of fieldsRoot.querySelectorAll('tr[data-field]')) {
      const field = row.dataset.field;
      const on = () => { row.classList.add('active'); light(field, true); };
      const off = () => { row.classList.remove('active'); light(field, false); };
      row.addEventListener('mouseenter', on);
      row.addEventListener('focus', on);
      row.addEventListener('mouseleave', off);
      row.addEventListener('blur', off);
      row.addEventListener('click', () => {
        const first = pieces.find((p) => p.dataset.fields.split(' ').includes(field));
        if (first) first.scrollIntoView({block: 'center', behavior: 'smooth'});
      });
    }
    for (const piece of pieces) {
      const fields = piece.dataset.fields.split(' ');
      const rows = () => fields.map((f) => fieldsRoot.querySelector('tr[data-field="' + CSS.escape(f) + '"]')).filter(Boolean);
      piece.addEventListener('mouseenter', () => rows().forEach((r) => r.classList.add('active')));
      piece.addEventListener('mouseleave', () => rows().forEach((r) => r.classList.remove('active')));
    }
  }

  /* The article text cut at every span boundary. Offsets are code points (Python str indices). */
  function renderArticle(container, text, spans) {
    const chars = Array.from(text);
    const cuts = new Set([0, chars.length]);
    for (const s of spans) {
      cuts.add(Math.max(0, Math.min(s.start, chars.length)));
      cuts.add(Math.max(0, Math.min(s.end, chars.length)));
    }
    const bounds = Array.from(cuts).sort((a, b) => a - b);
    container.replaceChildren();
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i];
      const b = bounds[i + 1];
      const piece = chars.slice(a, b).join('');
      const fields = [...new Set(spans.filter((s) => s.start <= a && b <= s.end).map((s) => s.field))];
      if (!fields.length) {
        container.append(document.createTextNode(piece));
      } else {
        const cls = 'seg' + (fields.includes('evidence') ? ' evidence' : '');
        container.append(el('span', {className: cls, dataset: {fields: fields.join(' ')}, text: piece}));
      }
    }
  }

  /* [field key, label, value] rows of an event, as the event page shows them. */
  function fieldRows(ev) {
    const rows = [
      ['event_type', t.field_event_type, typeName(ev.event_type)],
      ['sub_event_type', t.field_sub_event_type, typeName(ev.sub_event_type)],
    ];
    for (const slot of ['actor1', 'actor2']) {
      const a = ev[slot];
      if (a) rows.push([slot, t['field_' + slot], a.name + ' «' + a.text + '» ' + a.id]);
    }
    (ev.assoc_actors || []).forEach((a, i) => rows.push(['assoc_actors.' + i, t.field_assoc_actors, a.name + ' «' + a.text + '»']));
    const loc = ev.location;
    if (loc) {
      const admins = [loc.admin1, loc.admin2, loc.admin3].filter(Boolean).join(' / ');
      rows.push(['location', t.field_location, (loc.name_ar || '') + ' — ' + (loc.name || '') + (admins ? ' · ' + admins : '') + (loc.pcode ? ' · ' + loc.pcode : '')]);
    }
    const when = ev.date || {};
    rows.push(['date', t.field_date, (when.start || '—') + (when.end && when.end !== when.start ? ' → ' + when.end : '') + ' (' + (when.precision || 'unknown') + ')']);
    (ev.quantities || []).forEach((q, i) => rows.push(['quantities.' + i, t.field_quantities, (q.value === null ? '—' : q.value) + ' ' + q.unit + ' (' + q.qualifier + ')']));
    rows.push(['fatalities', t.field_fatalities, String(ev.fatalities || 0)]);
    if (ev.attribution) rows.push(['attribution', t.field_attribution, ev.attribution.name]);
    rows.push(['modality', t.field_modality, t[ev.modality] || ev.modality]);
    (ev.framing || []).forEach((f, i) => rows.push(['framing.' + i, t.field_framing, '«' + f.text + '» → ' + f.neutral]));
    rows.push(['evidence', t.field_evidence, String((ev.evidence || []).length)]);
    rows.push(['confidence', t.field_confidence, Number(ev.confidence || 0).toFixed(2)]);
    return rows;
  }

  function fieldTable(ev, located) {
    const table = el('table', {className: 'fields'});
    for (const [key, label, value] of fieldRows(ev)) {
      const row = el('tr', {dataset: {field: key}}, el('th', {scope: 'row', text: label}), el('td', {text: value}));
      if (located.has(key)) { row.classList.add('linked'); row.tabIndex = 0; }
      table.append(row);
    }
    return table;
  }

  async function getJSON(url, options) {
    const response = await fetch(url, Object.assign({headers: {Accept: 'application/json'}}, options || {}));
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail || response.status);
      throw new Error(detail);
    }
    return body;
  }

  window.Marsad = {config, t, el, typeName, slug, eventUrl, placeName, wireHighlights, renderArticle, fieldTable, getJSON};
})();
