// Reading controls, remembered: the threshold and label radios work without
// JavaScript (CSS folds comments); this only keeps the choice in the address
// (?threshold=3&label=Funny) and restores it when the page opens.
// A block, so that nothing leaks into the page's global scope.
{
  const params = new URLSearchParams(location.search)

  const threshold = params.get('threshold')
  if (threshold !== null) {
    const input = document.querySelector(`input[name="threshold"][value="${CSS.escape(threshold)}"]`)
    if (input) input.checked = true
  }
  const label = params.get('label')
  if (label !== null) {
    for (const input of document.querySelectorAll('input[name="label"]')) {
      if (input.value === label) input.checked = true
    }
  }

  document.addEventListener('change', (event) => {
    const input = event.target
    if (!(input instanceof HTMLInputElement) || (input.name !== 'threshold' && input.name !== 'label')) return
    const next = new URLSearchParams(location.search)
    // The default is each group's first choice: the lowest threshold, any label.
    const isDefault = input.value === document.querySelector(`input[name="${input.name}"]`)?.value
    if (isDefault) next.delete(input.name)
    else next.set(input.name, input.value)
    const query = next.toString()
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`)
  })
}
