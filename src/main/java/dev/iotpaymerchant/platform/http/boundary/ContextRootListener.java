package dev.iotpaymerchant.platform.http.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import dev.iotpaymerchant.platform.http.ContextRoot;

/** Tells {@link ContextRoot} where the server deployed the application, before any request arrives. */
@WebListener
public class ContextRootListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ContextRoot.started(event.getServletContext().getContextPath());
    }
}
