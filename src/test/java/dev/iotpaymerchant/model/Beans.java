package dev.iotpaymerchant.model;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.MethodDelegation;
import net.bytebuddy.implementation.bind.annotation.FieldValue;
import net.bytebuddy.implementation.bind.annotation.Origin;
import net.bytebuddy.implementation.bind.annotation.RuntimeType;
import net.bytebuddy.implementation.bind.annotation.SuperCall;

import dev.iotpaymerchant.platform.work.SystemClock;

/**
 * The smallest container that runs the application's real beans in Java SE: one instance of each bean per
 * node, its {@code @Inject}, {@code @PersistenceContext} and {@code @Resource} fields filled, its
 * {@code @PostConstruct} run, and each public method of a session bean run under its transaction attribute
 * ({@link Transactions}), through a subclass made once per class. Objects the test gives (settings, the
 * clock, the scripted IOTPay) are injected as they are; an interface is the implementation registered for it.
 */
public final class Beans {

    private static final Map<Class<?>, Class<?>> SUBCLASSES = new ConcurrentHashMap<>();

    private final Transactions transactions;
    private final List<Object> given;
    private final Map<Class<?>, Class<?>> implementations;
    private final Map<Class<?>, List<Class<?>>> instances;
    private final Map<Class<?>, Object> made = new HashMap<>();
    private final Object systemClock;

    /**
     * @param given objects injected wherever their type is asked for
     * @param implementations the bean class for each interface injected as such
     * @param instances the bean classes an {@code Instance<T>} iterates, by T (none for any other T)
     * @param systemClock what {@code @SystemClock Clock} gives
     */
    Beans(Transactions transactions, List<Object> given, Map<Class<?>, Class<?>> implementations,
          Map<Class<?>, List<Class<?>>> instances, Object systemClock) {
        this.transactions = transactions;
        this.given = given;
        this.implementations = implementations;
        this.instances = instances;
        this.systemClock = systemClock;
    }

    /** The node's one instance of {@code type}: a given object, or a bean made on first use. */
    <T> T get(Class<T> type) {
        for (Object object : given) {
            if (type.isInstance(object)) {
                return type.cast(object);
            }
        }
        Class<?> beanClass = type.isInterface() ? implementations.get(type) : type;
        if (beanClass == null) {
            throw new IllegalStateException("no bean for " + type.getName());
        }
        Object bean = made.get(beanClass);
        if (bean == null) {
            bean = make(beanClass);
        }
        return type.cast(bean);
    }

    private Object make(Class<?> beanClass) {
        try {
            Class<?> subclass = SUBCLASSES.computeIfAbsent(beanClass, Beans::subclass);
            Constructor<?> constructor = subclass.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object bean = constructor.newInstance();
            subclass.getField("transactions").set(bean, transactions);
            made.put(beanClass, bean); // before its fields: a bean may inject itself (RefundSweep.self)
            for (Class<?> c = beanClass; c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    Object value = valueFor(field);
                    if (value != null) {
                        field.setAccessible(true);
                        field.set(bean, value);
                    }
                }
            }
            for (Method method : beanClass.getDeclaredMethods()) {
                if (method.isAnnotationPresent(PostConstruct.class)) {
                    method.setAccessible(true);
                    method.invoke(bean);
                }
            }
            return bean;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + beanClass.getName(), e);
        }
    }

    private Object valueFor(Field field) {
        if (field.isAnnotationPresent(PersistenceContext.class)) {
            return transactions.entityManager();
        }
        if (field.isAnnotationPresent(Resource.class)) {
            return field.getType() == TransactionSynchronizationRegistry.class ? transactions.registry() : null;
        }
        if (!field.isAnnotationPresent(Inject.class)) {
            return null;
        }
        if (field.isAnnotationPresent(SystemClock.class)) {
            return systemClock;
        }
        if (field.getType() == Instance.class) {
            Type element = ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            List<Object> beans = new ArrayList<>();
            instances.getOrDefault(element, List.of()).forEach(beanClass -> beans.add(get(beanClass)));
            return instance(beans);
        }
        if (field.getType() == EntityManager.class) {
            return transactions.entityManager();
        }
        return get(field.getType());
    }

    /** An {@code Instance} over {@code beans}; any narrower selection is unsatisfied. */
    private static Instance<?> instance(List<Object> beans) {
        return (Instance<?>) Proxy.newProxyInstance(Beans.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "iterator" -> beans.iterator();
                    case "stream" -> beans.stream();
                    case "spliterator" -> beans.spliterator();
                    case "isUnsatisfied" -> beans.isEmpty();
                    case "isResolvable" -> beans.size() == 1;
                    case "isAmbiguous" -> beans.size() > 1;
                    case "get" -> beans.get(0);
                    case "select" -> instance(List.of());
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Instance" + beans;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A subclass whose public methods run under their transaction attribute; in the bean's package, to reach what it may. */
    private static Class<?> subclass(Class<?> beanClass) {
        try {
            return new ByteBuddy().subclass(beanClass)
                    .defineField("transactions", Object.class, Visibility.PUBLIC)
                    .method(isPublic().and(not(isStatic())).and(not(isDeclaredBy(Object.class))))
                    .intercept(MethodDelegation.to(Interceptor.class))
                    .make()
                    .load(beanClass.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(
                            MethodHandles.privateLookupIn(beanClass, MethodHandles.lookup())))
                    .getLoaded();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The transaction attribute of a business method; null for a bean that is not an EJB. */
    static TransactionAttributeType attributeOf(Method method) {
        Class<?> bean = method.getDeclaringClass();
        if (!bean.isAnnotationPresent(Stateless.class) && !bean.isAnnotationPresent(Singleton.class)) {
            return null;
        }
        TransactionAttribute onMethod = method.getAnnotation(TransactionAttribute.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        TransactionAttribute onClass = bean.getAnnotation(TransactionAttribute.class);
        return onClass == null ? TransactionAttributeType.REQUIRED : onClass.value();
    }

    /** Where every intercepted call goes. Public, for the generated subclasses. */
    public static final class Interceptor {

        private static final Map<Method, Object> ATTRIBUTES = new LinkedHashMap<>();

        private Interceptor() {
        }

        @RuntimeType
        public static Object intercept(@FieldValue("transactions") Object transactions, @Origin Method method,
                                       @SuperCall Callable<?> body) throws Exception {
            Object attribute;
            synchronized (ATTRIBUTES) {
                attribute = ATTRIBUTES.computeIfAbsent(method, m -> {
                    TransactionAttributeType type = attributeOf(m);
                    return type == null ? "none" : type;
                });
            }
            ((Transactions) transactions).calling(method.getDeclaringClass().getSimpleName() + "." + method.getName());
            return ((Transactions) transactions).around(attribute instanceof TransactionAttributeType type ? type : null, body);
        }
    }
}
