// Start GOV.UK Frontend's JavaScript components on the page.
// Include with: <script type="module" src="/static/govuk/init.js"></script>
// (in templates: {% static 'govuk/init.js' %}).
//
// initAll() does nothing unless <body> has the govuk-frontend-supported
// class. GOV.UK's page template sets it with an inline <script>; adding it
// here instead keeps the page free of inline scripts (strict CSP), and only
// browsers that run ES modules ever get here, which is the same test.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
