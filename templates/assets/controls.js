// Reading controls. Without JavaScript the threshold, label, "new" and
// "folded" boxes work by CSS (/assets/filters.css) and the page reads
// threaded, in page order. This script keeps those choices in the address
// (?threshold=3&label=Funny&new=2&folded=hide), and builds from the page's
// own markup what CSS cannot do: the order (?sort=oldest|newest|score), the
// flat view (?mode=flat), "next match", opening a folded comment by its
// subject line, and the keys (j k p n o Enter ?). Nothing of it shows when
// JavaScript is off.
// A block, so that nothing leaks into the page's global scope.
{
  const params = new URLSearchParams(location.search)
  const threads = document.querySelector('.threads')
  const controls = document.querySelector('.controls')
  /** The checked input of a group, if any. */
  const checked = (name) => document.querySelector(`input[name="${name}"]:checked`)

  /** Make a group of radios like the page's own: a fieldset, each input followed by its label. */
  const radios = (name, legend, choices) => {
    const fieldset = document.createElement('fieldset')
    fieldset.className = name
    fieldset.append(Object.assign(document.createElement('legend'), { textContent: legend }))
    choices.forEach(([value, text], index) => {
      const input = Object.assign(document.createElement('input'), { type: 'radio', name, value, id: `${name}-${value}`, checked: index === 0 })
      const label = Object.assign(document.createElement('label'), { htmlFor: input.id, textContent: text })
      fieldset.append(input, label)
    })
    return fieldset
  }

  if (threads && controls) {
    const help = controls.querySelector('.help')
    controls.insertBefore(radios('sort', 'Order', [['oldest', 'Oldest first'], ['newest', 'Newest first'], ['score', 'Highest scores']]), help)
    controls.insertBefore(radios('mode', 'View', [['threaded', 'Threaded'], ['flat', 'Flat']]), help)
    const tools = document.createElement('p')
    tools.className = 'tools'
    const nextMatch = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Next match', hidden: true })
    const keysButton = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Keys (?)' })
    keysButton.setAttribute('aria-haspopup', 'dialog')
    tools.append(nextMatch, ' ', keysButton)
    controls.append(tools)
  }

  // The choices in the address, restored.
  for (const name of ['threshold', 'label', 'new', 'folded', 'sort', 'mode']) {
    const value = params.get(name)
    if (value === null) continue
    for (const input of document.querySelectorAll(`input[name="${name}"]`)) if (input.value === value) input.checked = true
  }

  /** Keep the choices in the address: each group's first choice (or an unchecked box) is the default, left out. */
  const remember = () => {
    const next = new URLSearchParams(location.search)
    for (const name of ['threshold', 'label', 'new', 'folded', 'sort', 'mode']) {
      const input = checked(name)
      if (!input || input.value === document.querySelector(`input[name="${name}"]`)?.value && input.type === 'radio') next.delete(name)
      else next.set(name, input.value)
    }
    const query = next.toString()
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`)
  }

  if (threads) {
    /** Every comment, in page order. */
    const all = [...threads.querySelectorAll('article.c')]
    const pageOrder = new Map(all.map((comment, index) => [comment, index]))
    /** Where each comment sits in the threaded page: its parent's `details`, or the list of threads. */
    const home = new Map(all.map((comment) => [comment, comment.parentElement]))
    const byId = new Map(all.map((comment) => [comment.id, comment]))
    /** The line of links' link to the parent: the page says the parent, even past the deepest nesting. */
    const parentLink = (comment) => comment.querySelector(':scope > details > .cm > a + a')
    const parentOf = new Map(
      all.map((comment) => {
        const link = parentLink(comment)
        return [comment, link ? byId.get(link.hash.slice(1)) ?? null : home.get(comment).closest('article.c')]
      })
    )
    const rootOf = (comment) => {
      let top = comment
      while (parentOf.get(top)) top = parentOf.get(top)
      return top
    }
    const score = (comment) => Number(/\bs(-?\d)\b/.exec(comment.className)?.[1] ?? 0)
    const orders = {
      oldest: (a, b) => pageOrder.get(a) - pageOrder.get(b),
      newest: (a, b) => pageOrder.get(b) - pageOrder.get(a),
      score: (a, b) => score(b) - score(a) || pageOrder.get(a) - pageOrder.get(b)
    }
    const subjectOf = (comment) => comment.querySelector(':scope > details > summary > .sj')?.textContent || 'a hidden comment'
    const parentWords = new Map(all.map((comment) => [comment, parentLink(comment)?.textContent]))

    /** Lay the comments out in the chosen order and view. */
    const arrange = () => {
      const compare = orders[checked('sort')?.value] ?? orders.oldest
      const flat = checked('mode')?.value === 'flat'
      threads.classList.toggle('flat', flat)
      if (flat) threads.append(...[...all].sort(compare))
      else {
        const groups = new Map()
        for (const comment of all) {
          const place = home.get(comment)
          if (!groups.has(place)) groups.set(place, [])
          groups.get(place).push(comment)
        }
        for (const [place, comments] of groups) place.append(...comments.sort(compare))
      }
      // In the flat view each comment says which it answers.
      for (const comment of all) {
        const link = parentLink(comment)
        const parent = parentOf.get(comment)
        if (link && parent) link.textContent = flat ? `In reply to ${subjectOf(parent)}` : parentWords.get(comment)
      }
    }

    /** What the filters fold: below the threshold, without the label, not added by the latest capture; not one the reader opened. */
    const folded = (comment) => {
      if (comment.classList.contains('op')) return false
      const threshold = Number(checked('threshold')?.value ?? -1)
      const label = /^lf(\d+)$/.exec(checked('label')?.id ?? '')
      return score(comment) < threshold || (label !== null && !comment.classList.contains(`l${label[1]}`)) || (Boolean(checked('new')) && !comment.classList.contains('nw'))
    }
    const filtering = () => Number(checked('threshold')?.value ?? -1) > Number(document.querySelector('input[name="threshold"]')?.value ?? -1) || Boolean(checked('label')?.value) || Boolean(checked('new'))
    /** Shown: not folded by the filters, and not inside a thread the reader collapsed. */
    const shown = (comment) => !folded(comment) && !comment.parentElement.closest('details:not([open])')
    /** The comment last focused in the threads: the keys and "next match" go on from it. */
    let current = null
    threads.addEventListener('focusin', (event) => {
      current = event.target.closest('article.c') ?? current
    })
    const currentComment = () => document.activeElement?.closest?.('article.c') ?? current
    const focusComment = (comment) => {
      if (!comment) return
      current = comment
      comment.tabIndex = -1
      comment.focus({ preventScroll: true })
      comment.scrollIntoView({ block: 'start' })
    }
    /** The next (or previous) shown comment after the current one, in the page as laid out; `differs` skips those it refuses. */
    const step = (direction, differs = () => true) => {
      const list = [...threads.querySelectorAll('article.c')]
      const at = list.indexOf(currentComment())
      for (let index = at + direction; index >= 0 && index < list.length; index += direction) {
        if (shown(list[index]) && differs(list[index])) return list[index]
      }
      return null
    }
    /** The first shown comment of the next thread that has one: with a filter on, the next match in another thread. */
    const nextThread = () => {
      const from = currentComment()
      return step(1, (comment) => !from || rootOf(comment) !== rootOf(from))
    }
    /** Open a comment folded by the filters, or fold or unfold it. */
    const toggle = (comment) => {
      const details = comment?.querySelector(':scope > details')
      if (!details) return
      if (folded(comment)) {
        comment.classList.add('op')
        details.open = true
      } else details.open = !details.open
    }

    const nextMatch = controls?.querySelector('.tools button')
    const update = () => {
      if (nextMatch) nextMatch.hidden = !filtering()
    }
    nextMatch?.addEventListener('click', () => focusComment(step(1)))

    document.addEventListener('change', (event) => {
      const input = event.target
      if (!(input instanceof HTMLInputElement) || !['threshold', 'label', 'new', 'folded', 'sort', 'mode'].includes(input.name)) return
      // A new filter folds what it folds: comments opened by hand close again.
      if (['threshold', 'label', 'new'].includes(input.name)) for (const comment of threads.querySelectorAll('.op')) comment.classList.remove('op')
      if (input.name === 'sort' || input.name === 'mode') arrange()
      update()
      remember()
    })

    // A folded comment opens when its subject line is clicked (rather than folding its replies away).
    threads.addEventListener('click', (event) => {
      const summary = event.target.closest?.('summary')
      const comment = summary?.parentElement?.parentElement
      if (!comment?.matches('article.c') || !folded(comment)) return
      event.preventDefault()
      toggle(comment)
    })

    // The keys, and their list.
    const keys = [
      ['j', 'next comment shown'],
      ['k', 'previous comment shown'],
      ['p', 'the comment’s parent'],
      ['n', 'next thread (with a filter on: the next match in another thread)'],
      ['o or Enter', 'fold or unfold the comment (opens one the filters folded)'],
      ['?', 'this list']
    ]
    const dialog = document.createElement('dialog')
    dialog.className = 'keys'
    dialog.setAttribute('aria-labelledby', 'keys-title')
    const list = document.createElement('dl')
    for (const [key, what] of keys) list.append(Object.assign(document.createElement('dt'), { textContent: key }), Object.assign(document.createElement('dd'), { textContent: what }))
    const close = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Close' })
    close.addEventListener('click', () => dialog.close())
    dialog.append(Object.assign(document.createElement('h2'), { id: 'keys-title', textContent: 'Keys' }), list, close)
    document.body.append(dialog)
    const showKeys = () => (dialog.open ? dialog.close() : dialog.showModal())
    controls?.querySelector('.tools button + button')?.addEventListener('click', showKeys)

    document.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
      const target = event.target
      // Never while typing, nor in the keys' list (but `?` closes it).
      if (target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select'))) return
      if (dialog.open && event.key !== '?') return
      const act = {
        j: () => focusComment(step(1)),
        k: () => focusComment(step(-1)),
        p: () => focusComment(parentOf.get(currentComment()) ?? null),
        n: () => focusComment(nextThread()),
        o: () => toggle(currentComment()),
        '?': showKeys
      }[event.key]
      // Enter on a comment itself (a summary's Enter is the browser's own).
      const enter = event.key === 'Enter' && target instanceof HTMLElement && target.matches('article.c') ? () => toggle(target) : null
      if (!act && !enter) return
      event.preventDefault()
      ;(act ?? enter)()
    })

    arrange()
    update()
    // A deep link lands on its comment in every order and view.
    const target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null
    if (target && (params.has('sort') || params.has('mode'))) target.scrollIntoView({ block: 'start' })
  }
}
