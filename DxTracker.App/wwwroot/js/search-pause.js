// A search field marked data-search-pause="ms" tells the server its text once typing pauses for that long (as a change event,
// which Blazor sends with the field's value), not on every key: one server event and one history entry per search. While an
// input method composes (日本語入力 before the conversion is confirmed) nothing is sent: the pause counts from the confirmation.
(() => {
    const schedule = event => {
        const field = event.target;
        if (!(field instanceof HTMLInputElement) || !field.dataset.searchPause)
            return;
        clearTimeout(field.searchPauseTimer);
        if (event.isComposing)
            return;
        field.searchPauseTimer = setTimeout(() => field.dispatchEvent(new Event('change', { bubbles: true })), Number(field.dataset.searchPause));
    };
    // In a scope of its own: the page's global names stay free.
    document.addEventListener('input', schedule);
    document.addEventListener('compositionend', schedule);
})();
