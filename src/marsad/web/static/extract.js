/* The paste page: POST the article to /api/extract and show each event with its words highlighted. */
(function () {
  'use strict';
  const M = window.Marsad;
  const form = document.getElementById('paste');
  const status = document.getElementById('p-status');
  const results = document.getElementById('p-results');

  function showEvent(text, ev, index) {
    const located = new Set(ev.field_spans.map((s) => s.field));
    const head = M.el('h2', {className: 'result-head'},
      M.el('span', {className: 'swatch t-' + M.slug(ev.event_type)}),
      (index + 1) + '. ' + M.typeName(ev.sub_event_type) + ' — ' + M.typeName(ev.event_type));
    const table = M.fieldTable(ev, located);
    const article = M.el('div', {className: 'article-text', dir: 'rtl', lang: 'ar'});
    M.renderArticle(article, text, ev.field_spans);
    const box = M.el('section', {className: 'result'}, head,
      M.el('div', {className: 'event-cols'},
        M.el('div', {className: 'fields-box'}, M.el('p', {className: 'hint', text: M.t.hover_hint}), table),
        M.el('div', {className: 'article-box', dir: 'rtl', lang: 'ar'}, article)));
    results.append(box);
    M.wireHighlights(table, article);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = document.getElementById('p-text').value;
    const body = {text: text};
    const published = document.getElementById('p-published').value;
    const outlet = document.getElementById('p-outlet').value.trim();
    if (published) body.published = published;
    if (outlet) body.outlet = outlet;
    results.replaceChildren();
    status.textContent = M.t.loading;
    try {
      const record = await M.getJSON('/api/extract', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify(body),
      });
      status.textContent = record.events.length ? record.events.length + ' ' + M.t.n_events : M.t.no_events_found;
      record.events.forEach((ev, i) => showEvent(text, ev, i));
    } catch (err) {
      status.textContent = M.t.error + ': ' + err.message;
    }
  });
})();
