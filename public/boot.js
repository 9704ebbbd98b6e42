// Starts Fieldbook: loads the wasm app that the build named on this script's tag, then registers
// the service worker that keeps the app available offline. Kept outside index.html so the
// Content-Security-Policy can forbid inline scripts.

const status = document.getElementById('boot-status');
const tag = document.querySelector('script[data-fieldbook-js]');

function showBootError(error) {
  console.error('Fieldbook could not start:', error);
  if (status) {
    status.classList.add('boot-error');
    status.setAttribute('role', 'alert');
    status.textContent =
      'Fieldbook could not start in this browser. It needs a current browser with WebAssembly; ' +
      'reloading the page may help. / Fieldbook 无法在此浏览器中启动，请使用支持 WebAssembly 的新版浏览器，或重新加载页面。';
  }
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  // A page that was already controlled is running the previous version when a new worker takes
  // over; tell the app so it can offer a reload. The first install needs no reload.
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController) return;
    document.documentElement.setAttribute('data-update-ready', '');
    window.dispatchEvent(new Event('fieldbook-update-ready'));
  });
  navigator.serviceWorker
    .register(new URL('sw.js', document.baseURI), { updateViaCache: 'none' })
    .catch((error) => console.warn('Fieldbook works online only: the service worker failed.', error));
}

try {
  const jsUrl = new URL(tag.dataset.fieldbookJs, document.baseURI);
  const wasmUrl = new URL(tag.dataset.fieldbookWasm, document.baseURI);
  const { default: init } = await import(jsUrl.href);
  const wasm = await init({ module_or_path: wasmUrl.href });
  // Lets benchmarks read the size of the wasm heap; nothing else uses it.
  window.fieldbookWasmMemoryBytes = () => wasm.memory.buffer.byteLength;
  status?.remove();
} catch (error) {
  showBootError(error);
} finally {
  // Registered even when start-up failed: a newer deployment may be the fix.
  registerServiceWorker();
}
