// The browser client grows here (join, lobby, the cluster board); for now the page is static.
document.documentElement.dataset.ready = "true";
