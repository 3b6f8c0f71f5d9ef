import { createRouter, createWebHashHistory } from 'vue-router'

/**
 * Hash history: the build is plain static files that work under any intranet path and on any
 * static server without rewrite rules.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    // `lastFigures`: the view draws kept figures on a cold open (the engine starts once they are painted).
    { path: '/', name: 'overview', component: () => import('../views/OverviewView.vue'), meta: { lastFigures: true } },
    // The wall is a kiosk: no app header or footer around it.
    { path: '/wall', name: 'wall', component: () => import('../views/WallView.vue'), meta: { chrome: false, lastFigures: true } },
    { path: '/compare', name: 'compare', component: () => import('../views/CompareView.vue') },
    { path: '/data', name: 'data', component: () => import('../views/DataView.vue') },
  ],
})
