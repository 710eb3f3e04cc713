// KeneyApp's few browser-side helpers, called by the pages through Blazor's JS interop. No inline script anywhere:
// the Content-Security-Policy allows scripts from this site only.
window.keneyApp = {
  // A drop zone and its file input: the chosen file stays in the browser until sent; the page is told its name and size.
  attachDropZone(zone, input, page) {
    const choose = (file) => {
      zone.keneyFile = file;
      page.invokeMethodAsync('FileChosen', file.name, file.size);
    };
    zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('kn-drop-over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('kn-drop-over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('kn-drop-over');
      if (e.dataTransfer.files.length > 0) choose(e.dataTransfer.files[0]);
    });
    input.addEventListener('change', () => { if (input.files.length > 0) choose(input.files[0]); });
    // A file chosen while the page was still connecting its listeners is not lost.
    if (input.files.length > 0) choose(input.files[0]);
  },

  // Copies a text (a share's link or PIN) to the clipboard.
  copy(text) {
    return navigator.clipboard.writeText(text).then(() => undefined, () => undefined);
  },

  // A request whose only effect is to slide the sign-in cookie while the user works in a live page.
  keepAlive() {
    return fetch('/ui/keepalive', { method: 'POST', credentials: 'same-origin' }).then(() => undefined, () => undefined);
  },

  // Sends the chosen file with its fields as one streamed multipart request, with the cookie and the antiforgery
  // token; progress and the answer go back to the page. The file never travels through the page's connection.
  upload(zone, url, token, fields, page) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) if (value !== null && value !== '') form.append(name, value);
    form.append('file', zone.keneyFile);
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('RequestVerificationToken', token);
    request.upload.onprogress = (e) => { if (e.lengthComputable) page.invokeMethodAsync('Progress', e.loaded, e.total); };
    request.onload = () => page.invokeMethodAsync('Uploaded', request.status, request.responseText);
    request.onerror = () => page.invokeMethodAsync('Uploaded', 0, '');
    request.send(form);
  }
};

// The activation page is a plain form: its token goes from the fragment into the form's hidden field, and out of
// the address bar and the history, as soon as the page loads.
document.addEventListener('DOMContentLoaded', () => {
  const field = document.getElementById('kn-activation-token');
  if (!field) return;
  const match = /(?:^|&)token=([^&]+)/.exec(window.location.hash.substring(1));
  if (match && !field.value) field.value = decodeURIComponent(match[1]);
  if (window.location.hash) history.replaceState(null, '', window.location.pathname);
});

// The shared-record page: its token goes from the fragment (/share#<token>) into the form's hidden field, and out of
// the address bar and the history. Its documents download with the opening's short-lived token as a header.
document.addEventListener('DOMContentLoaded', () => {
  const field = document.getElementById('kn-share-token');
  if (!field) return;
  const token = window.location.hash.substring(1);
  if (token && !field.value) field.value = decodeURIComponent(token);
  if (window.location.hash) history.replaceState(null, '', window.location.pathname);
});
document.addEventListener('click', (e) => {
  const button = e.target.closest('[data-kn-shared-doc]');
  if (!button) return;
  const record = button.closest('[data-kn-doc-token]');
  fetch(`/api/v1/shares/access/documents/${button.dataset.knSharedDoc}`, { headers: { Authorization: `Bearer ${record.dataset.knDocToken}` } })
    .then((response) => (response.ok ? response.blob() : Promise.reject(response.status)))
    .then((blob) => {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = button.dataset.knName;
      link.click();
      // Some browsers start the download after click() returns: the file's URL lives a minute, not an instant.
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    }, () => { button.disabled = true; });
});
