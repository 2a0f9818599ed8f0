// Scalar's page template has no lang attribute: say the interface language before anything is read.
document.documentElement.lang = document.currentScript.dataset.lang;
