/* The event page: hovering (or focusing) a field lights up its words in the article. */
(function () {
  'use strict';
  const fields = document.getElementById('fields');
  const text = document.getElementById('article-text');
  if (fields && text) window.Marsad.wireHighlights(fields, text);
})();
