/* The API docs page: Swagger UI over this server's OpenAPI schema (the vendored bundle, no CDN). */
(function () {
  'use strict';
  window.SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true});
})();
