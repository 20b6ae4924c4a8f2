// The upload page: plain fetch against the api behind the gateway (/api/), refreshed every second.
const list = document.getElementById("documents");
const message = document.getElementById("message");

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  return td;
}

async function refresh() {
  try {
    const response = await fetch("/api/documents");
    if (!response.ok) throw new Error(`api answered ${response.status}`);
    const documents = await response.json();
    list.replaceChildren(...documents.map(d => {
      const row = document.createElement("tr");
      row.dataset.status = d.status;
      row.append(cell(d.name), cell(d.size), cell(d.status), cell(d.lines), cell(d.sha256));
      return row;
    }));
  } catch (e) {
    message.textContent = `Cannot list documents: ${e.message}`;
  }
}

document.getElementById("upload").addEventListener("submit", async event => {
  event.preventDefault();
  const file = document.getElementById("file").files[0];
  if (!file) return;
  message.textContent = "Uploading…";
  const response = await fetch(`/api/documents?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
  message.textContent = response.ok ? `Uploaded ${file.name}` : `Upload failed: ${response.status}`;
  await refresh();
});

refresh();
setInterval(refresh, 1000);
