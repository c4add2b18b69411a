// Sizes each Session Lab <iframe> on this page to its content: the embed posts
// { source: "sessionlab", type: "resize", height } whenever its height changes.
addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.source !== 'sessionlab' || data.type !== 'resize' || !(data.height > 0)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.min(data.height, 10000)}px`;
  }
});
