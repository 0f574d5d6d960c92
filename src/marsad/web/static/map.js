/* The map page: events on an offline base map (clustered, one colour per type), the event list, and a
   timeline histogram by type whose brushing sets the date range. The filters live in the page's URL (the
   API's parameter names), so a view can be shared by its link. */
(function () {
  'use strict';
  const M = window.Marsad;
  const t = M.t;
  const MAP_LIMIT = 5000;
  const LIST_PAGE = 50;
  // the form's fields, and the other API filters a shared link may carry (kept as they are)
  const FORM_FIELDS = ['type', 'sub_type', 'actor', 'admin1', 'outlet', 'since', 'until', 'q'];
  const FILTERS = FORM_FIELDS.concat(['country', 'admin2', 'pcode', 'bbox', 'incident', 'doc', 'min_fatalities']);

  const form = document.getElementById('filters');
  const list = document.getElementById('event-list');
  const more = document.getElementById('more');
  const summary = document.getElementById('summary');
  const markersById = new Map();
  let generation = 0;

  /* ---------------------------------------------------------------- filters and the URL */

  function currentFilters() {
    const params = new URLSearchParams(window.location.search);
    const out = new URLSearchParams();
    for (const name of FILTERS) for (const value of params.getAll(name)) if (value) out.append(name, value);
    return out;
  }

  function fillForm(filters) {
    for (const name of FORM_FIELDS) {
      const input = form.elements.namedItem(name);
      if (input) input.value = filters.get(name) || '';
    }
  }

  function pushFilters(filters) {
    const params = new URLSearchParams(filters);
    params.set('lang', M.config.lang);
    history.pushState(null, '', '/?' + params.toString());
    fillForm(filters);
    refresh();
  }

  function formFilters() {
    const out = currentFilters();
    for (const name of FORM_FIELDS) {
      const input = form.elements.namedItem(name);
      out.delete(name);
      if (input && input.value.trim()) out.set(name, input.value.trim());
    }
    return out;
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); pushFilters(formFilters()); });
  for (const name of ['type', 'sub_type', 'actor', 'admin1', 'outlet', 'since', 'until']) {
    form.elements.namedItem(name).addEventListener('change', () => pushFilters(formFilters()));
  }
  document.getElementById('reset').addEventListener('click', (event) => { event.preventDefault(); pushFilters(new URLSearchParams()); });
  document.getElementById('clear-dates').addEventListener('click', () => {
    const filters = currentFilters();
    filters.delete('since');
    filters.delete('until');
    pushFilters(filters);
  });
  window.addEventListener('popstate', () => { fillForm(currentFilters()); refresh(); });

  /* ---------------------------------------------------------------- the base map */

  const map = L.map('map', {zoomSnap: 0.5, minZoom: 3, maxZoom: 14, worldCopyJump: true, attributionControl: false});
  map.fitBounds([[29, 34], [38, 48.5]]);
  L.control.attribution({prefix: false}).addAttribution('Natural Earth · OCHA · GeoNames · Who’s On First').addTo(map);
  const countries = L.geoJSON(null, {style: {className: 'bm-country', weight: 1}, interactive: false}).addTo(map);
  const provinces = L.geoJSON(null, {style: {className: 'bm-province', weight: 0.8, fill: false}, interactive: false}).addTo(map);
  const labels = L.layerGroup().addTo(map);
  let labelMarkers = [];

  function label(feature, latlng) {
    const p = feature.properties;
    const span = M.el('span', {text: M.config.lang === 'ar' ? p.name_ar || p.name : p.name});
    const marker = L.marker(latlng, {
      icon: L.divIcon({className: 'bm-label bm-label-' + p.kind, html: span, iconSize: null}),
      interactive: false, keyboard: false,
    });
    marker.minzoom = p.minzoom || 7.5;
    return marker;
  }

  async function loadBasemap() {
    const [world, admin1, places] = await Promise.all(
      ['countries', 'admin1', 'places'].map((n) => M.getJSON('/static/basemap/' + n + '.geojson')));
    countries.addData(world);
    provinces.addData(admin1);
    const points = (admin1.labels ? admin1.labels.features : []).concat(places.features);
    labelMarkers = points.map((f) => label(f, L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0])));
    countries.bringToBack();
    zoomLabels();
  }

  // labels appear from their own zoom on (province names first, towns closer in)
  function zoomLabels() {
    const z = map.getZoom();
    for (const marker of labelMarkers) {
      if (z >= marker.minzoom) labels.addLayer(marker); else labels.removeLayer(marker);
    }
  }
  map.on('zoomend', zoomLabels);

  /* ---------------------------------------------------------------- events on the map */

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: (cluster) => L.divIcon({
      className: 'ev-cluster', iconSize: [34, 34], html: M.el('span', {text: cluster.getChildCount()}),
    }),
  }).addTo(map);

  function popupContent(p) {
    return M.el('div', {className: 'popup'},
      M.el('strong', {text: M.typeName(p.sub_event_type)}),
      M.el('div', {className: 'sub', text: M.typeName(p.event_type)}),
      M.el('div', {text: [p.event_date, M.config.lang === 'ar' ? p.location_ar || p.location : p.location].filter(Boolean).join(' · ')}),
      M.el('div', {className: 'sub', text: [p.actor1, p.actor2].filter(Boolean).join(' — ')}),
      M.el('div', {className: 'sub', text: p.source}),
      M.el('a', {className: 'open-event', href: M.eventUrl(p.event_id), text: t.open_event}));
  }

  function markerFor(feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const dot = M.el('span', {dataset: {eventId: p.event_id}});
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({className: 'ev-marker t-' + M.slug(p.event_type), iconSize: [14, 14], html: dot}),
      title: M.typeName(p.sub_event_type) + ' ' + (p.event_date || ''),
    });
    marker.bindPopup(() => popupContent(p));
    markersById.set(p.event_id, marker);
    return marker;
  }

  async function loadMarkers(filters, mine) {
    const params = new URLSearchParams(filters);
    params.set('sort', '-date');
    params.set('limit', String(MAP_LIMIT));
    const collection = await M.getJSON('/api/events.geojson?' + params.toString());
    if (mine !== generation) return;
    clusters.clearLayers();
    markersById.clear();
    const located = collection.features.filter((f) => f.geometry);
    clusters.addLayers(located.map(markerFor));
    document.getElementById('map').dataset.markers = String(located.length);
  }

  /* ---------------------------------------------------------------- the event list */

  function listItem(ev) {
    const link = M.el('a', {href: M.eventUrl(ev.event_id), text: M.typeName(ev.sub_event_type)});
    const item = M.el('li', {dataset: {eventId: ev.event_id}},
      M.el('span', {className: 'swatch t-' + M.slug(ev.event_type)}),
      link,
      M.el('div', {className: 'sub', text: [(ev.date || {}).start, M.placeName(ev.location)].filter(Boolean).join(' · ')}),
      M.el('div', {className: 'sub', text: [ev.actor1 && ev.actor1.name, ev.actor2 && ev.actor2.name].filter(Boolean).join(' — ')}),
      M.el('div', {className: 'sub outlet', text: ev.outlet || ''}));
    item.addEventListener('mouseenter', () => {
      const marker = markersById.get(ev.event_id);
      if (marker) clusters.zoomToShowLayer(marker, () => marker.openPopup());
    });
    return item;
  }

  async function loadList(filters, mine, cursor) {
    const params = new URLSearchParams(filters);
    params.set('limit', String(LIST_PAGE));
    if (cursor) params.set('cursor', cursor);
    const page = await M.getJSON('/api/events?' + params.toString());
    if (mine !== generation) return;
    if (!cursor) list.replaceChildren();
    for (const ev of page.events) list.append(listItem(ev));
    if (!cursor && !page.events.length) list.append(M.el('li', {className: 'empty', text: t.no_events}));
    more.hidden = !page.next_cursor;
    more.onclick = () => loadList(filters, mine, page.next_cursor);
  }

  async function loadSummary(filters, mine) {
    const stats = await M.getJSON('/api/stats?' + filters.toString());
    if (mine !== generation) return;
    const shown = Math.min(stats.total, MAP_LIMIT);
    summary.textContent = '(' + stats.total + ' ' + t.n_events + (stats.total > MAP_LIMIT ? ', ' + shown + ' ' + t.showing : '') + ')';
    summary.dataset.total = String(stats.total);
  }

  /* ---------------------------------------------------------------- the timeline */

  const timelineBox = document.getElementById('timeline');
  let plot = null;
  let plotDays = [];

  function colourOf(eventType) {
    const probe = M.el('span', {className: 'swatch t-' + M.slug(eventType)});
    document.body.append(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return colour;
  }

  function dayOf(seconds) {
    return new Date(seconds * 1000).toISOString().slice(0, 10);
  }

  function secondsOf(day) {
    return Date.parse(day + 'T00:00:00Z') / 1000;
  }

  function bucketEnd(startSeconds, bucket) {
    const d = new Date(startSeconds * 1000);
    if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 6);
    else if (bucket === 'month') { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
    return d.toISOString().slice(0, 10);
  }

  function showSelection(filters) {
    if (!plot || !plotDays.length) return;
    const since = filters.get('since');
    const until = filters.get('until');
    if (!since && !until) { plot.setSelect({left: 0, width: 0, top: 0, height: 0}, false); return; }
    const left = plot.valToPos(since ? secondsOf(since) : plotDays[0], 'x');
    const right = plot.valToPos(until ? secondsOf(until) + 86400 : plotDays[plotDays.length - 1] + 86400, 'x');
    plot.setSelect({left: Math.max(0, left), width: Math.max(2, right - left), top: 0, height: plot.bbox.height / devicePixelRatio}, false);
  }

  async function loadTimeline(filters, mine) {
    const params = new URLSearchParams(filters);
    params.delete('since');
    params.delete('until');
    const data = await M.getJSON('/api/timeline?' + params.toString());
    if (mine !== generation) return;
    const xs = data.buckets.map((b) => secondsOf(b.start));
    // stacked bars: series k holds the sum of the types up to k, drawn from the tallest down
    const stacks = [];
    let running = xs.map(() => 0);
    for (const kind of data.types) {
      running = running.map((sum, i) => sum + (data.buckets[i].counts[kind] || 0));
      stacks.push(running.slice());
    }
    const order = data.types.map((kind, k) => k).reverse();
    const series = [{}].concat(order.map((k) => ({
      label: M.typeName(data.types[k]), fill: colourOf(data.types[k]), stroke: colourOf(data.types[k]), width: 0,
      paths: uPlot.paths.bars({size: [0.9, 40], align: 1}), points: {show: false},
    })));
    const columns = [xs].concat(order.map((k) => stacks[k]));
    if (plot) plot.destroy();
    plotDays = xs;
    timelineBox.dataset.bucket = data.bucket;
    timelineBox.dataset.buckets = String(xs.length);
    if (!xs.length) { timelineBox.replaceChildren(M.el('p', {className: 'sub', text: t.no_events})); plot = null; return; }
    timelineBox.replaceChildren();
    const pad = data.bucket === 'month' ? 86400 * 31 : data.bucket === 'week' ? 86400 * 7 : 86400;
    plot = new uPlot({
      width: Math.max(200, timelineBox.clientWidth),
      height: 150,
      legend: {show: false},
      cursor: {drag: {x: true, y: false, setScale: false}, points: {show: false}},
      scales: {x: {time: true, range: (u, lo, hi) => [lo - pad / 2, hi + pad]}},
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: [{}, {size: 40}],
      series: series,
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 3) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          const first = xs.findIndex((x) => x + pad > from);
          let last = -1;
          xs.forEach((x, i) => { if (x <= to) last = i; });
          if (first < 0 || last < first) return;
          const filters = currentFilters();
          filters.set('since', dayOf(xs[first]));
          filters.set('until', bucketEnd(xs[last], data.bucket));
          pushFilters(filters);
        }],
      },
    }, columns, timelineBox);
    showSelection(filters);
  }

  window.addEventListener('resize', () => {
    if (plot) { plot.setSize({width: Math.max(200, timelineBox.clientWidth), height: 150}); showSelection(currentFilters()); }
  });

  /* ---------------------------------------------------------------- loading */

  async function refresh() {
    const mine = ++generation;
    const filters = currentFilters();
    document.body.dataset.state = 'loading';
    try {
      await Promise.all([loadMarkers(filters, mine), loadList(filters, mine), loadSummary(filters, mine), loadTimeline(filters, mine)]);
      if (mine === generation) document.body.dataset.state = 'ready';
    } catch (err) {
      if (mine === generation) {
        document.body.dataset.state = 'error';
        summary.textContent = t.error + ': ' + err.message;
      }
    }
  }

  loadBasemap().catch((err) => console.warn('base map:', err.message));
  refresh();
})();
