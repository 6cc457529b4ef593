// GOV.UK Frontend styles some components only when JavaScript runs (a separate file: the CSP forbids inline scripts).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
