// A search field marked data-search-pause="ms" tells the server its text once typing pauses for that long (as a change event,
// which Blazor sends with the field's value), not on every key: one server event and one history entry per search.
document.addEventListener('input', event => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.dataset.searchPause)
        return;
    clearTimeout(field.searchPauseTimer);
    field.searchPauseTimer = setTimeout(() => field.dispatchEvent(new Event('change', { bubbles: true })), Number(field.dataset.searchPause));
});
